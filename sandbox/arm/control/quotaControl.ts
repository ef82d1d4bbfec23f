import { ArmError } from "../errors.js";
import type { QuotaSettings } from "../options.js";
import { type RegionUsage, regionalUsage, usageByRegion } from "../providers/quotaUsage.js";
import type { ArmServices } from "../services.js";

/** What `GET /_sandbox/quota` answers: the settings, regular vCPUs per region, and every bucket per region. */
export interface QuotaView extends QuotaSettings {
  /** Regular vCPUs in use per `subscription/location` (Total Regional vCPUs). */
  usage: Record<string, number>;
  /** Every bucket (cores, low-priority, families, VMs, scale sets) per `subscription/location`. */
  usageByRegion: Record<string, RegionUsage>;
}

/** The quota settings with current usage. */
export function quotaView(services: ArmServices): QuotaView {
  return {
    ...services.settings.quota,
    usage: regionalUsage(services.store),
    usageByRegion: usageByRegion(services.store),
  };
}

const KEYS = [
  "regionalVcpus",
  "familyVcpus",
  "lowPriorityVcpus",
  "failure",
  "errorCode",
  "regions",
  "restrictedSkus",
] as const;

/**
 * Applies a partial `PUT /_sandbox/quota`: each field given replaces the current one (maps and lists
 * whole, so `familyVcpus: {}` clears the family limits); 400 for a value of the wrong shape.
 */
export function updateQuota(quota: QuotaSettings, raw: Record<string, unknown>): void {
  const bad = (field: string, want: string) =>
    new ArmError(400, "InvalidQuotaSettings", `quota.${field} must be ${want}.`);
  const count = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
  const limits = (v: unknown) => typeof v === "object" && v !== null && Object.values(v).every(count);
  for (const key of KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if ((key === "regionalVcpus" || key === "lowPriorityVcpus") && !count(value))
      throw bad(key, "a non-negative integer");
    if (key === "familyVcpus" && !limits(value)) throw bad(key, "an object of non-negative integers by family");
    if (key === "failure" && value !== "sync" && value !== "async") throw bad(key, "'sync' or 'async'");
    if (key === "errorCode" && value !== "QuotaExceeded" && value !== "ErrCode_InsufficientVCPUQuota")
      throw bad(key, "'QuotaExceeded' or 'ErrCode_InsufficientVCPUQuota'");
    if (key === "regions" && (typeof value !== "object" || value === null)) throw bad(key, "an object by region");
    if (key === "restrictedSkus" && !Array.isArray(value)) throw bad(key, "an array of {vmSize, location?, zones?}");
  }
  const update = Object.fromEntries(KEYS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
  if (update.regions) {
    // Region names as ARM normalizes them (`West Europe` → `westeurope`).
    update.regions = Object.fromEntries(
      Object.entries(update.regions as Record<string, unknown>).map(([k, v]) => [
        k.toLowerCase().replace(/\s+/g, ""),
        v,
      ]),
    );
  }
  Object.assign(quota, update);
}
