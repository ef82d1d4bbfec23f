import type { ArmStore } from "../store/armStore.js";
import { DEFAULT_VM_SIZE, vmSizeOf } from "./vmSizes.js";

/** What a subscription uses in one region, in the buckets Compute's usages list reports. */
export interface RegionUsage {
  /** Total Regional vCPUs of regular (non-Spot) VMs. */
  cores: number;
  /** vCPUs of Spot VMs (Total Regional Low-priority vCPUs); Spot counts nowhere else. */
  lowPriorityCores: number;
  /** Regular vCPUs per family (`standardDSv5Family`). */
  families: Record<string, number>;
  /** Running VMs (AKS nodes; a stopped pool's are deallocated and count as none). */
  virtualMachines: number;
  /** Scale sets: one per agent pool, stopped or not. */
  virtualMachineScaleSets: number;
}

/** What one pool of nodes asks of the quota: zero vCPUs while it is stopped. */
export interface PoolConsumption {
  family: string;
  vcpus: number;
  spot: boolean;
  nodes: number;
}

/** A pool as the wire `properties` (or a validated request) describe it. */
export interface PoolLike {
  count?: unknown;
  vmSize?: unknown;
  scaleSetPriority?: unknown;
  powerState?: unknown;
}

/** Deallocated pools (stopped pools, pools of stopped clusters) hold no vCPUs. */
export function isStopped(pool: { powerState?: unknown }): boolean {
  return (pool.powerState as { code?: string } | undefined)?.code === "Stopped";
}

/** The vCPUs, family and node count a pool holds while it runs (an empty vmSize is AKS's default). */
export function poolConsumption(pool: PoolLike, location?: string): PoolConsumption {
  const size = vmSizeOf(String(pool.vmSize || DEFAULT_VM_SIZE), location);
  const nodes = isStopped(pool) ? 0 : Number(pool.count ?? 0);
  return { family: size.family, vcpus: nodes * size.vcpus, spot: pool.scaleSetPriority === "Spot", nodes };
}

/** vCPUs of a pool's nodes while running: `count` × the vCPUs of its `vmSize`. */
export function poolVcpus(pool: PoolLike): number {
  return poolConsumption(pool).vcpus;
}

/** An empty usage record. */
export function emptyUsage(): RegionUsage {
  return { cores: 0, lowPriorityCores: 0, families: {}, virtualMachines: 0, virtualMachineScaleSets: 0 };
}

/** Adds (or with `sign` -1 removes) a pool's consumption to a usage record. */
export function addConsumption(usage: RegionUsage, c: PoolConsumption, sign = 1): void {
  if (c.spot) usage.lowPriorityCores += sign * c.vcpus;
  else {
    usage.cores += sign * c.vcpus;
    usage.families[c.family] = (usage.families[c.family] ?? 0) + sign * c.vcpus;
  }
  usage.virtualMachines += sign * c.nodes;
}

/** The key usages are grouped by: `subscription/location`, subscription lower-cased. */
export function regionKey(subscriptionId: string, location: string): string {
  return `${subscriptionId.toLowerCase()}/${location}`;
}

/** Usage per `subscription/location` of every agent pool of every cluster (stopped clusters release theirs). */
export function usageByRegion(store: ArmStore): Record<string, RegionUsage> {
  const byRegion: Record<string, RegionUsage> = {};
  for (const pool of store.listResources({ type: "Microsoft.ContainerService/managedClusters/agentPools" })) {
    const cluster = pool.parentKey ? store.getResource(pool.parentKey) : undefined;
    if (!cluster) continue;
    const location = String(cluster.body.location);
    const key = regionKey(pool.subscriptionId, location);
    const usage = byRegion[key] ?? emptyUsage();
    byRegion[key] = usage;
    addConsumption(usage, poolConsumption(pool.body.properties as PoolLike, location));
    usage.virtualMachineScaleSets += 1;
  }
  return byRegion;
}

/** Usage of one subscription in one region. */
export function usageIn(store: ArmStore, subscriptionId: string, location: string): RegionUsage {
  return usageByRegion(store)[regionKey(subscriptionId, location)] ?? emptyUsage();
}

/** Regular vCPUs in use per `subscription/location` (the control API's `usage`). */
export function regionalUsage(store: ArmStore): Record<string, number> {
  return Object.fromEntries(Object.entries(usageByRegion(store)).map(([key, usage]) => [key, usage.cores]));
}
