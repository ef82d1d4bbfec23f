import { type ArmError, armErrors, type QuotaBucket } from "../errors.js";
import type { QuotaLimits, QuotaSettings } from "../options.js";
import type { ArmStore } from "../store/armStore.js";
import { addConsumption, emptyUsage, type PoolLike, poolConsumption, usageIn } from "./quotaUsage.js";
import { isGpuFamily } from "./vmSizes.js";

export { poolVcpus, regionalUsage } from "./quotaUsage.js";
export { DEFAULT_VM_SIZE, vcpusOf } from "./vmSizes.js";

/** The limits that hold in one region: the region's own where set, else the defaults. */
export interface RegionLimits {
  regionalVcpus: number;
  lowPriorityVcpus: number;
  /** Limit of one family (case-insensitive name). */
  family(name: string): number;
}

/** What the settings give `location` itself (region names compare case-insensitively). */
export function ownLimits(settings: QuotaSettings, location: string): Partial<QuotaLimits> {
  return Object.entries(settings.regions).find(([region]) => region.toLowerCase() === location)?.[1] ?? {};
}

/** Resolves the limits of `location` from the quota settings. */
export function limitsFor(settings: QuotaSettings, location: string): RegionLimits {
  const own = ownLimits(settings, location);
  const regionalVcpus = own.regionalVcpus ?? settings.regionalVcpus;
  const families = new Map<string, number>();
  for (const map of [settings.familyVcpus, own.familyVcpus ?? {}]) {
    for (const [name, limit] of Object.entries(map)) families.set(name.toLowerCase(), limit);
  }
  return {
    regionalVcpus,
    lowPriorityVcpus: own.lowPriorityVcpus ?? settings.lowPriorityVcpus,
    family: (name) => families.get(name.toLowerCase()) ?? (isGpuFamily(name) ? 0 : regionalVcpus),
  };
}

/** What a write asks of the quota: the pools it brings up, less the running pools it replaces. */
export interface QuotaDemand {
  subscriptionId: string;
  location: string;
  pools: PoolLike[];
  /** Store keys of pools the write replaces, whose current vCPUs it frees. */
  replacing?: string[];
}

/**
 * Throws 400 when the demand takes a bucket beyond its limit: the regional total first (so with
 * default family limits, which equal it, failures read as today's Total Regional Cores), then each
 * family, then Spot's low-priority total. A write that does not grow a bucket never fails on it, so
 * scaling down works over quota. Wording per `settings.errorCode`.
 */
export function checkQuota(store: ArmStore, settings: QuotaSettings, demand: QuotaDemand): void {
  const { location } = demand;
  const requested = emptyUsage();
  for (const pool of demand.pools) addConsumption(requested, poolConsumption(pool, location));
  for (const key of demand.replacing ?? []) {
    const replaced = store.getResource(key)?.body.properties as PoolLike | undefined;
    if (replaced) addConsumption(requested, poolConsumption(replaced, location), -1);
  }
  const current = usageIn(store, demand.subscriptionId, location);
  const limits = limitsFor(settings, location);
  const fail = (bucket: QuotaBucket, limit: number, usage: number, additional: number): ArmError =>
    settings.errorCode === "ErrCode_InsufficientVCPUQuota"
      ? armErrors.insufficientVcpuQuota(bucket, location, limit - usage, additional)
      : armErrors.quotaExceeded(location, limit, usage, additional, bucket);
  const check = (bucket: QuotaBucket, limit: number, usage: number, additional: number) => {
    if (additional > 0 && usage + additional > limit) throw fail(bucket, limit, usage, additional);
  };
  check({ kind: "regional" }, limits.regionalVcpus, current.cores, requested.cores);
  for (const [family, additional] of Object.entries(requested.families)) {
    check({ kind: "family", family }, limits.family(family), current.families[family] ?? 0, additional);
  }
  check({ kind: "lowPriority" }, limits.lowPriorityVcpus, current.lowPriorityCores, requested.lowPriorityCores);
}
