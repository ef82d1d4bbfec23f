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

/** Regions without availability zones (the rest offer zones 1, 2 and 3). */
const WITHOUT_ZONES = new Set([
  "australiacentral",
  "australiasoutheast",
  "canadaeast",
  "japanwest",
  "koreasouth",
  "northcentralus",
  "southindia",
  "ukwest",
  "westcentralus",
  "westindia",
  "westus",
]);

/** Availability zones of a region: `["1", "2", "3"]`, or none. */
export function regionZones(location: string): string[] {
  return WITHOUT_ZONES.has(location) ? [] : ["1", "2", "3"];
}
