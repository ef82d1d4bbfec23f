import type { ManagedCluster } from "@azure/arm-containerservice";
import type { ArmFailure } from "../azure/armErrors.js";
import { controlPlaneUpgradeBody, type ResourceTarget, type SurgePool, type VcpuQuota } from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { readComputeCapacity } from "./computeCapacity.js";
import { armCall } from "./errors.js";
import type { StartOutcome } from "./outcomes.js";

/** What an upgrade is checked against before its first write: the upgrade profile, the pools and the quota. */
export interface UpgradeFacts {
  location: string;
  currentVersion: string;
  /** `upgradeProfiles/default`'s control-plane upgrades. */
  offered: string[];
  pools: SurgePool[];
  quotas: VcpuQuota[];
}

/** Reads of an upgrade's intake, and the writes of its steps (each PUT built from the live resource). */
export function upgradeActivities(clients: ClientsFor) {
  return {
    /**
     * Reads the upgrade profile, the pools' sizes and VM families, and the region's vCPU usages. Reads only; a read
     * worth retrying throws (`RetryableArmError`), any other comes back as Azure's failure.
     */
    async readUpgradeFacts(
      target: ResourceTarget,
    ): Promise<{ ok: true; value: UpgradeFacts } | { ok: false; error: ArmFailure }> {
      return await armCall(async (): Promise<UpgradeFacts> => {
        const c = clients(target.subscriptionId);
        const aks = c.containerService.managedClusters;
        const [mc, profile] = await Promise.all([
          aks.get(target.resourceGroup, target.name),
          aks.getUpgradeProfile(target.resourceGroup, target.name),
        ]);
        const location = (mc.location ?? "").toLowerCase().replace(/\s+/g, "");
        const capacity = await readComputeCapacity(clients, target.subscriptionId, location);
        const sizeOf = (vmSize: string) => capacity.sizes.find((s) => s.name.toLowerCase() === vmSize.toLowerCase());
        return {
          location,
          currentVersion: mc.currentKubernetesVersion ?? mc.kubernetesVersion ?? "",
          offered: (profile.controlPlaneProfile?.upgrades ?? []).map((u) => u.kubernetesVersion ?? "").filter(Boolean),
          pools: (mc.agentPoolProfiles ?? []).map((p) => {
            const size = sizeOf(p.vmSize ?? "");
            return { name: p.name, count: p.count ?? 0, family: size?.family ?? "", vcpusPerNode: size?.vcpus ?? 0 };
          }),
          quotas: capacity.quotas,
        };
      });
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
  };
}
