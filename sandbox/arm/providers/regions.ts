import { ArmError } from "../errors.js";

/** Public Azure regions (programmatic names) the sandbox accepts, as ARM lists them. */
export const AZURE_REGIONS = [
  "australiacentral",
  "australiaeast",
  "australiasoutheast",
  "austriaeast",
  "brazilsouth",
  "canadacentral",
  "canadaeast",
  "centralindia",
  "centralus",
  "chilecentral",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "koreacentral",
  "koreasouth",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southcentralus",
  "southeastasia",
  "southindia",
  "spaincentral",
  "swedencentral",
  "switzerlandnorth",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westindia",
  "westus",
  "westus2",
  "westus3",
];

/** 400 LocationNotAvailableForResourceType (or …ForResourceGroup) for a location ARM does not know. */
export function checkRegion(location: string, resourceType: string): void {
  if (AZURE_REGIONS.includes(location)) return;
  const list = AZURE_REGIONS.join(",");
  if (resourceType === "Microsoft.Resources/resourceGroups") {
    throw new ArmError(
      400,
      "LocationNotAvailableForResourceGroup",
      `The provided location '${location}' is not available for resource group. List of available regions is '${list}'.`,
    );
  }
  throw new ArmError(
    400,
    "LocationNotAvailableForResourceType",
    `The provided location '${location}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${list}'.`,
  );
}
