import type { ResourceSku } from "@azure/arm-compute";
import type { AgentPool, ManagedCluster } from "@azure/arm-containerservice";
import {
  controlPlaneUpgradeBody,
  type FamilyUsage,
  poolUpgradeBody,
  type ResourceTarget,
  type SurgePool,
} from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall } from "./errors.js";
import type { StartOutcome } from "./outcomes.js";

/** What an upgrade is checked against before its first write: the upgrade profile, the pools and the quota. */
export interface UpgradeFacts {
  location: string;
  currentVersion: string;
  /** `upgradeProfiles/default`'s control-plane upgrades. */
  offered: string[];
  pools: SurgePool[];
  usages: FamilyUsage[];
}

/** Reads of an upgrade's intake, and the writes of its steps (each PUT built from the live resource). */
export function upgradeActivities(clients: ClientsFor) {
  return {
    /** Reads the upgrade profile, the pools' sizes and VM families, and the region's vCPU usages. Reads only. */
    async readUpgradeFacts(target: ResourceTarget): Promise<UpgradeFacts> {
      const c = clients(target.subscriptionId);
      const aks = c.containerService.managedClusters;
      const [mc, profile] = await Promise.all([
        aks.get(target.resourceGroup, target.name),
        aks.getUpgradeProfile(target.resourceGroup, target.name),
      ]);
      const location = (mc.location ?? "").toLowerCase().replace(/\s+/g, "");
      const [skus, usages] = await Promise.all([
        listAll(c.compute.resourceSkus.list({ filter: `location eq '${location}'` })),
        listAll(c.compute.usage.list(location)),
      ]);
      const skuOf = (size: string): ResourceSku | undefined =>
        skus.find((s) => s.resourceType === "virtualMachines" && s.name?.toLowerCase() === size.toLowerCase());
      return {
        location,
        currentVersion: mc.currentKubernetesVersion ?? mc.kubernetesVersion ?? "",
        offered: (profile.controlPlaneProfile?.upgrades ?? []).map((u) => u.kubernetesVersion ?? "").filter(Boolean),
        pools: (mc.agentPoolProfiles ?? []).map((p) => {
          const sku = skuOf(p.vmSize ?? "");
          return {
            name: p.name,
            count: p.count ?? 0,
            family: sku?.family ?? "",
            vcpusPerNode: Number(sku?.capabilities?.find((cap) => cap.name === "vCPUs")?.value ?? 0),
          };
        }),
        usages: usages.map((u) => ({ family: u.name.value ?? "", currentValue: u.currentValue, limit: u.limit })),
      };
    },

    /** Starts the control plane's upgrade: a PUT of the live cluster with only its version changed. */
    async startControlPlaneUpgrade(input: { target: ResourceTarget; version: string }): Promise<StartOutcome> {
      const { target, version } = input;
      const aks = clients(target.subscriptionId).containerService.managedClusters;
      const started = await armCall(async () => {
        const live = await aks.get(target.resourceGroup, target.name);
        const body: ManagedCluster = controlPlaneUpgradeBody(live, version);
        const poller = aks.createOrUpdate(target.resourceGroup, target.name, body);
        await poller.submitted();
        return poller.serialize();
      });
      if (!started.ok) return { outcome: "failed", error: started.error };
      return { outcome: "started", ref: { target, operation: "put", poller: started.value } };
    },

    /** Starts one pool's upgrade: a PUT of the live pool with its version and surge. */
    async startPoolUpgrade(input: {
      target: ResourceTarget;
      pool: string;
      version: string;
      maxSurge?: string;
    }): Promise<StartOutcome> {
      const { target, pool, version, maxSurge } = input;
      const pools = clients(target.subscriptionId).containerService.agentPools;
      const started = await armCall(async () => {
        const live = await pools.get(target.resourceGroup, target.name, pool);
        const body = poolUpgradeBody(
          live as AgentPool & { upgradeSettings?: Record<string, unknown> },
          version,
          maxSurge,
        );
        const poller = pools.createOrUpdate(target.resourceGroup, target.name, pool, body as AgentPool);
        await poller.submitted();
        return poller.serialize();
      });
      if (!started.ok) return { outcome: "failed", error: started.error };
      return { outcome: "started", ref: { target, operation: "poolPut", poller: started.value } };
    },
  };
}

async function listAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
