import { ArmError } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { AZURE_REGIONS, regionZones } from "./regions.js";
import { restrictionsBody, skuOffer } from "./skuOffer.js";
import { VM_SIZES, type VmSize } from "./vmSizes.js";

/**
 * `GET /subscriptions/{sub}/providers/Microsoft.Compute/skus[?$filter=location eq '…']`: one entry per
 * size and region (the VM-size table, plus a few disk SKUs), with zones and this subscription's
 * restrictions. One page, as Compute answers; only the location filter exists, as in Compute.
 */
export function resourceSkuRoutes(services: ArmServices): Route[] {
  return [
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}/providers/microsoft.compute/skus",
      resourceType: "Microsoft.Compute/skus",
      apiVersions: apiVersions["Microsoft.Compute/skus"],
      handler: (ctx) => ({ status: 200, body: { value: skusBody(ctx, services) } }),
    },
  ];
}

function skusBody(ctx: RequestContext, services: ArmServices): Record<string, unknown>[] {
  const locations = locationsOf(ctx.query.get("$filter"));
  const restrictions = services.settings.quota.restrictedSkus;
  return locations.flatMap((location) => [
    ...VM_SIZES.map((size) => vmSku(size, location, restrictions)),
    ...DISK_SKUS.map((disk) => diskSku(disk, location)),
  ]);
}

/** Regions a `$filter` selects: `location eq 'westeurope'` (any case, display names too), or all. */
function locationsOf(filter: string | null): string[] {
  if (!filter?.trim()) return AZURE_REGIONS;
  const match = /^\s*location\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (!match) {
    throw new ArmError(
      400,
      "InvalidFilterInQueryString",
      `The filter '${filter}' is not supported. Only the filter "location eq '<location>'" is supported.`,
    );
  }
  const location = (match[1] ?? "").toLowerCase().replace(/\s+/g, "");
  return AZURE_REGIONS.includes(location) ? [location] : [];
}

const capability = (name: string, value: string | number | boolean) => ({
  name,
  value: typeof value === "boolean" ? (value ? "True" : "False") : String(value),
});

function vmSku(size: VmSize, location: string, restrictions: Parameters<typeof skuOffer>[2]) {
  const offer = skuOffer(size, location, restrictions);
  const shape = /^Standard_([A-Z]+)\d+([a-z]*)(?:_[A-Z]\d+)?(?:_(v\d+))?$/i.exec(size.name);
  const [, series = "", features = "", version = ""] = shape ?? [];
  // Temporary disks: the `d` sizes, and every size before v4 (B, DSv2, Dsv3, Fsv2, L, NC).
  const tempDisk = features.includes("d") || !["v4", "v5"].includes(version);
  const burstable = series === "B";
  const gpus = series.startsWith("N") ? 1 : 0;
  return {
    resourceType: "virtualMachines",
    name: size.name,
    tier: "Standard",
    size: size.name.replace(/^Standard_/, ""),
    family: size.family,
    locations: [location],
    locationInfo: [{ location, zones: offer.zones, zoneDetails: [] }],
    capabilities: [
      capability("MaxResourceVolumeMB", tempDisk ? size.vcpus * 38400 : 0),
      capability("OSVhdSizeMB", 1047552),
      capability("vCPUs", size.vcpus),
      capability("MemoryPreservingMaintenanceSupported", true),
      capability("HyperVGenerations", "V1,V2"),
      capability("MemoryGB", size.memoryGB),
      capability("MaxDataDiskCount", Math.min(32, size.vcpus * 2)),
      capability("CpuArchitectureType", "x64"),
      capability("LowPriorityCapable", !burstable),
      capability("PremiumIO", /s/i.test(features) || series.endsWith("S")),
      capability("VMDeploymentTypes", "IaaS"),
      capability("vCPUsAvailable", size.vcpus),
      ...(gpus ? [capability("GPUs", gpus)] : []),
      capability("vCPUsPerCore", 2),
      capability("EphemeralOSDiskSupported", tempDisk),
      capability("EncryptionAtHostSupported", true),
      capability("AcceleratedNetworkingEnabled", !burstable),
      capability("RdmaEnabled", false),
      capability("MaxNetworkInterfaces", Math.max(2, Math.min(8, size.vcpus))),
    ],
    restrictions: restrictionsBody(offer, location),
  };
}

/** A few managed-disk SKUs (one size each), so a disk preflight finds its tier too. */
const DISK_SKUS = [
  { name: "Premium_LRS", tier: "Premium", size: "P10", maxGiB: 128, minGiB: 64, iops: 500, mbps: 100 },
  { name: "StandardSSD_LRS", tier: "Standard", size: "E10", maxGiB: 128, minGiB: 64, iops: 500, mbps: 100 },
  { name: "Standard_LRS", tier: "Standard", size: "S10", maxGiB: 128, minGiB: 64, iops: 500, mbps: 60 },
];

function diskSku(disk: (typeof DISK_SKUS)[number], location: string) {
  return {
    resourceType: "disks",
    name: disk.name,
    tier: disk.tier,
    size: disk.size,
    locations: [location],
    locationInfo: [{ location, zones: regionZones(location), zoneDetails: [] }],
    capabilities: [
      capability("MaxSizeGiB", disk.maxGiB),
      capability("MinSizeGiB", disk.minGiB),
      capability("MaxIOps", disk.iops),
      capability("MinIOps", disk.iops),
      capability("MaxBandwidthMBps", disk.mbps),
      capability("MinBandwidthMBps", disk.mbps),
    ],
    restrictions: [],
  };
}
