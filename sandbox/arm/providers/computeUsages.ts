import type { RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { normalizeLocation } from "./common.js";
import { limitsFor, ownLimits } from "./quota.js";
import { type RegionUsage, usageIn } from "./quotaUsage.js";
import { familyDisplayName, VM_SIZES } from "./vmSizes.js";

const USAGES_TYPE = "Microsoft.Compute/locations/usages";

/** `GET /subscriptions/{sub}/providers/Microsoft.Compute/locations/{location}/usages`: one page, as Compute answers. */
export function computeUsageRoutes(services: ArmServices): Route[] {
  return [
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}/providers/microsoft.compute/locations/{location}/usages",
      resourceType: USAGES_TYPE,
      apiVersions: apiVersions["Microsoft.Compute/locations/usages"],
      handler: (ctx) => ({ status: 200, body: { value: usagesBody(ctx, services) } }),
    },
  ];
}

/** One usage entry on the wire. */
interface Usage {
  unit: "Count";
  currentValue: number;
  limit: number;
  name: { value: string; localizedValue: string };
}

const entry = (value: string, localizedValue: string, currentValue: number, limit: number): Usage => ({
  unit: "Count",
  currentValue,
  limit,
  name: { value, localizedValue },
});

/**
 * Compute's list in its order: the regional counters, every family of the size table (plus any
 * family in use or given a limit), then managed-disk counts. Limits and counts are the ones AKS
 * PUTs are checked against, so a preflight that reads this list predicts their quota failures.
 */
function usagesBody(ctx: RequestContext, services: ArmServices): Usage[] {
  const location = normalizeLocation(ctx.params.location, USAGES_TYPE);
  const sub = ctx.params.sub ?? "";
  const { quota } = services.settings;
  const usage = usageIn(services.store, sub, location);
  const limits = limitsFor(quota, location);
  const disks = diskCounts(services, sub, location);
  return [
    entry("availabilitySets", "Availability Sets", 0, 2500),
    entry("cores", "Total Regional vCPUs", usage.cores, limits.regionalVcpus),
    entry("virtualMachines", "Virtual Machines", usage.virtualMachines, 25000),
    entry("virtualMachineScaleSets", "Virtual Machine Scale Sets", usage.virtualMachineScaleSets, 2500),
    entry("lowPriorityCores", "Total Regional Low-priority vCPUs", usage.lowPriorityCores, limits.lowPriorityVcpus),
    ...familiesOf(usage, quota.familyVcpus, ownLimits(quota, location).familyVcpus).map((family) =>
      entry(family, familyDisplayName(family), usage.families[family] ?? 0, limits.family(family)),
    ),
    entry("StandardDiskCount", "Standard Storage Managed Disks", disks.Standard_LRS ?? 0, 50000),
    entry("PremiumDiskCount", "Premium Storage Managed Disks", disks.Premium_LRS ?? 0, 50000),
    entry("StandardSSDStorageDisks", "StandardSSDStorageDisks", disks.StandardSSD_LRS ?? 0, 50000),
  ];
}

/** Families to list, each once (case-insensitively): the table's, then those in use or named in settings. */
function familiesOf(usage: RegionUsage, ...named: (Record<string, number> | undefined)[]): string[] {
  const seen = new Map<string, string>();
  const all = [
    ...VM_SIZES.map((s) => s.family),
    ...Object.keys(usage.families),
    ...named.flatMap((m) => Object.keys(m ?? {})),
  ];
  for (const family of all) if (!seen.has(family.toLowerCase())) seen.set(family.toLowerCase(), family);
  return [...seen.values()];
}

/** Managed disks per SKU name in a subscription and region. */
function diskCounts(services: ArmServices, sub: string, location: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const disk of services.store.listResources({ type: "Microsoft.Compute/disks" })) {
    if (disk.subscriptionId.toLowerCase() !== sub.toLowerCase() || disk.body.location !== location) continue;
    const sku = String((disk.body.sku as { name?: string } | undefined)?.name ?? "Standard_LRS");
    counts[sku] = (counts[sku] ?? 0) + 1;
  }
  return counts;
}
