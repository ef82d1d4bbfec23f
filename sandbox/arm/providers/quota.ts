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

/** vCPUs of a pool's nodes: `count` × the vCPUs of its `vmSize` (wire `properties` or a validated request). */
export function poolVcpus(pool: { count?: unknown; vmSize?: unknown }): number {
  return Number(pool.count ?? 0) * vcpusOf(String(pool.vmSize ?? DEFAULT_VM_SIZE));
}

/** Deallocated pools (stopped clusters) hold no quota. */
function isStopped(pool: { powerState?: unknown }): boolean {
  return (pool.powerState as { code?: string } | undefined)?.code === "Stopped";
}

/** vCPUs in use per `subscription/location` by running pools (stopped clusters release theirs). */
export function regionalUsage(store: ArmStore): Record<string, number> {
  const usage: Record<string, number> = {};
  for (const pool of store.listResources({ type: "Microsoft.ContainerService/managedClusters/agentPools" })) {
    const cluster = pool.parentKey ? store.getResource(pool.parentKey) : undefined;
    const p = pool.body.properties as Record<string, unknown>;
    if (!cluster || isStopped(p)) continue;
    const key = `${pool.subscriptionId.toLowerCase()}/${String(cluster.body.location)}`;
    usage[key] = (usage[key] ?? 0) + poolVcpus(p);
  }
  return usage;
}

/** What a write asks of the regional quota: the pools it brings up, less the running pools it replaces. */
export interface QuotaDemand {
  subscriptionId: string;
  location: string;
  pools: { count?: unknown; vmSize?: unknown }[];
  /** Store keys of pools the write replaces, whose current vCPUs it frees. */
  replacing?: string[];
}

/** Throws 400 QuotaExceeded when the demand exceeds the regional vCPU limit. */
export function checkQuota(store: ArmStore, limit: number, demand: QuotaDemand): void {
  const additional = demand.pools.reduce((sum, pool) => sum + poolVcpus(pool), 0);
  if (additional <= 0) return;
  let usage = regionalUsage(store)[`${demand.subscriptionId.toLowerCase()}/${demand.location}`] ?? 0;
  for (const key of demand.replacing ?? []) {
    const p = store.getResource(key)?.body.properties as Record<string, unknown> | undefined;
    if (p && !isStopped(p)) usage -= poolVcpus(p);
  }
  if (usage + additional > limit) throw armErrors.quotaExceeded(demand.location, limit, usage, additional);
}
