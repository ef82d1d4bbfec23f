import type { ArmFailure } from "../azure/armErrors.js";
import type { ManagedClusterWrite, NodePoolSummary, ResourceTarget } from "../request/index.js";
import { startPut } from "./armWrites.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall, getOrUndefined } from "./errors.js";
import type { StartOutcome } from "./outcomes.js";

/** One node pool as ARM reports it, with its state. */
export interface PoolReading extends NodePoolSummary {
  provisioningState?: string;
  /** The version the pool's nodes run (`currentOrchestratorVersion`). */
  version?: string;
}

/** What the orchestration needs of a cluster's GET: states, the identities role assignments go to, outputs. */
export interface ClusterReading {
  provisioningState?: string;
  /** `Running` or `Stopped`. */
  powerState?: string;
  pools: PoolReading[];
  fqdn?: string;
  nodeResourceGroup?: string;
  kubernetesVersion?: string;
  /** The cluster identity: `identity.principalId`, or the user-assigned identity's principal. */
  clusterPrincipalId?: string;
  /** `identityProfile.kubeletidentity.objectId`. */
  kubeletObjectId?: string;
}

/** The managed-cluster activities. */
export function clusterActivities(clients: ClientsFor) {
  return {
    /** Starts the cluster PUT with its node pools as `agentPoolProfiles`; the orchestration polls it. */
    startClusterCreate: (write: ManagedClusterWrite): Promise<StartOutcome> =>
      startPut(clients(write.subscriptionId), write),

    /** Starts a cluster's `stop` or `start` (long-running, Location-polled); the orchestration polls it. */
    async startPowerAction(input: { target: ResourceTarget; action: "stop" | "start" }): Promise<StartOutcome> {
      const { target, action } = input;
      const c = clients(target.subscriptionId).containerService.managedClusters;
      const started = await armCall(async () => {
        const poller =
          action === "stop" ? c.stop(target.resourceGroup, target.name) : c.start(target.resourceGroup, target.name);
        await poller.submitted();
        return poller.serialize();
      });
      if (!started.ok) return { outcome: "failed", error: started.error };
      return { outcome: "started", ref: { target, operation: action, poller: started.value } };
    },

    /** Reads the cluster's and every pool's state, and what role assignments and outputs need. */
    async readCluster(
      target: ResourceTarget,
    ): Promise<{ found: true; cluster: ClusterReading } | { found: false; error?: ArmFailure }> {
      const read = await getOrUndefined(() =>
        clients(target.subscriptionId).containerService.managedClusters.get(target.resourceGroup, target.name),
      );
      if (!read.ok) return { found: false, error: read.error };
      const mc = read.value;
      if (!mc) return { found: false };
      const userAssigned = Object.values(mc.identity?.userAssignedIdentities ?? {})[0];
      return {
        found: true,
        cluster: {
          provisioningState: mc.provisioningState,
          powerState: mc.powerState?.code,
          pools: (mc.agentPoolProfiles ?? []).map((p) => ({
            name: p.name,
            mode: p.mode === "System" ? "System" : "User",
            vmSize: p.vmSize ?? "",
            count: p.count ?? 0,
            ...(p.enableAutoScaling ? { minCount: p.minCount, maxCount: p.maxCount } : {}),
            provisioningState: p.provisioningState,
            ...(p.currentOrchestratorVersion || p.orchestratorVersion
              ? { version: p.currentOrchestratorVersion ?? p.orchestratorVersion }
              : {}),
          })),
          fqdn: mc.fqdn ?? mc.privateFqdn,
          nodeResourceGroup: mc.nodeResourceGroup,
          kubernetesVersion: mc.currentKubernetesVersion ?? mc.kubernetesVersion,
          clusterPrincipalId: mc.identity?.principalId ?? userAssigned?.principalId,
          kubeletObjectId: mc.identityProfile?.kubeletidentity?.objectId,
        },
      };
    },
  };
}
