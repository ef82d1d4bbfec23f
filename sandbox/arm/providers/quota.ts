import { armErrors } from "../errors.js";
import type { ArmStore } from "../store/armStore.js";

/** vCPUs of the VM sizes the provisioner uses; other `Standard_<family><n>…` sizes parse `n`. */
const VCPUS: Record<string, number> = {
  standard_ds2_v2: 2,
  standard_ds3_v2: 4,
  standard_ds4_v2: 8,
  standard_b2s: 2,
  standard_b2ms: 2,
  standard_b4ms: 4,
  standard_d2s_v3: 2,
  standard_d4s_v3: 4,
  standard_d8s_v3: 8,
  standard_d2s_v5: 2,
  standard_d4s_v5: 4,
  standard_d8s_v5: 8,
  standard_d16s_v5: 16,
  standard_d2ds_v5: 2,
  standard_d4ds_v5: 4,
  standard_d8ds_v5: 8,
  standard_d2as_v5: 2,
  standard_d4as_v5: 4,
  standard_d2ads_v5: 2,
  standard_d4ads_v5: 4,
  standard_e4s_v5: 4,
  standard_e8s_v5: 8,
  standard_f4s_v2: 4,
  standard_f8s_v2: 8,
  standard_nc6s_v3: 6,
};

/** The VM size AKS picks when a pool leaves `vmSize` empty. */
export const DEFAULT_VM_SIZE = "Standard_DS2_v2";

/** vCPUs of a VM size; 400 InvalidParameter (target vmSize) when it is not a known size shape. */
export function vcpusOf(vmSize: string): number {
  const known = VCPUS[vmSize.toLowerCase()];
  if (known !== undefined) return known;
  const match = /^Standard_[A-Z]+(\d+)[a-z]*(_v\d+)?$/i.exec(vmSize);
  if (!match) {
    throw armErrors.invalidParameter(
      "vmSize",
      `The VM size of ${vmSize} is not allowed in your subscription in location 'eastus'.`,
    );
  }
  return Number(match[1]);
}

/** vCPUs in use per `subscription/location` by running pools (stopped clusters release theirs). */
export function regionalUsage(store: ArmStore): Record<string, number> {
  const usage: Record<string, number> = {};
  for (const pool of store.listResources({ type: "Microsoft.ContainerService/managedClusters/agentPools" })) {
    const cluster = pool.parentKey ? store.getResource(pool.parentKey) : undefined;
    if (!cluster) continue;
    const p = pool.body.properties as { count?: number; vmSize?: string; powerState?: { code?: string } };
    if (p.powerState?.code === "Stopped") continue;
    const key = `${pool.subscriptionId.toLowerCase()}/${String(cluster.body.location)}`;
    usage[key] = (usage[key] ?? 0) + (p.count ?? 0) * vcpusOf(p.vmSize ?? DEFAULT_VM_SIZE);
  }
  return usage;
}

/** Throws 400 QuotaExceeded when adding `additional` vCPUs exceeds the regional limit. */
export function checkQuota(
  store: ArmStore,
  limit: number,
  subscriptionId: string,
  location: string,
  additional: number,
  excludeKeys: string[] = [],
): void {
  if (additional <= 0) return;
  let usage = regionalUsage(store)[`${subscriptionId.toLowerCase()}/${location}`] ?? 0;
  for (const key of excludeKeys) {
    const pool = store.getResource(key);
    const p = pool?.body.properties as { count?: number; vmSize?: string; powerState?: { code?: string } } | undefined;
    if (p && p.powerState?.code !== "Stopped") usage -= (p.count ?? 0) * vcpusOf(p.vmSize ?? DEFAULT_VM_SIZE);
  }
  if (usage + additional > limit) throw armErrors.quotaExceeded(location, limit, usage, additional);
}
