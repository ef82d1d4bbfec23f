import type { ManagedCluster, ManagedClusterAgentPoolProfile } from "@azure/arm-containerservice";
import { addonProfiles } from "./addonProfiles.js";
import type { ClusterRequest, NodePool } from "./clusterRequest.js";
import { compact } from "./compact.js";
import { effectiveDnsServiceIp, effectivePodCidr, MAX_PODS_LIMITS, networkModelToArm } from "./networkSettings.js";

/** Inputs the cluster body needs besides the request (names resolved by `plan`). */
export interface ClusterBodyContext {
  dnsPrefix: string;
  nodeResourceGroup: string;
  tags: Record<string, string>;
  subnetId?: string;
}

/** The `managedClusters.createOrUpdate` body (flattened modular-SDK shape: no `properties` wrapper). */
export function managedClusterBody(request: ClusterRequest, context: ClusterBodyContext): ManagedCluster {
  const { cluster } = request;
  const policy = cluster.networkPolicy;
  return compact({
    location: request.location,
    tags: context.tags,
    identity:
      cluster.identityType === "UserAssigned" && cluster.userAssignedIdentityId
        ? { type: "UserAssigned", userAssignedIdentities: { [cluster.userAssignedIdentityId]: {} } }
        : { type: "SystemAssigned" },
    sku: { name: "Base", tier: cluster.skuTier },
    kubernetesVersion: cluster.kubernetesVersion,
    dnsPrefix: context.dnsPrefix,
    enableRbac: true,
    nodeResourceGroup: context.nodeResourceGroup,
    agentPoolProfiles: request.nodePools.map((pool) => agentPoolProfile(request, pool, context)),
    networkProfile: compact({
      ...networkModelToArm(cluster.networkPlugin),
      networkPolicy: policy,
      networkDataplane: policy === "cilium" ? "cilium" : undefined,
      podCidr: effectivePodCidr(cluster),
      serviceCidr: cluster.serviceCidr,
      dnsServiceIP: effectiveDnsServiceIp(cluster),
      outboundType: cluster.outboundType,
      loadBalancerSku: cluster.loadBalancerSku,
    }),
    apiServerAccessProfile: compact({
      enablePrivateCluster: cluster.privateCluster,
      authorizedIPRanges: cluster.authorizedIpRanges,
    }),
    oidcIssuerProfile: { enabled: cluster.oidcIssuer },
    // Entra, upgrade channels, add-ons, Defender and Image Cleaner go out only when the request names them.
    aadProfile: cluster.entra
      ? compact({
          managed: true,
          enableAzureRbac: cluster.entra.azureRbac,
          adminGroupObjectIDs:
            cluster.entra.adminGroupObjectIds.length > 0 ? cluster.entra.adminGroupObjectIds : undefined,
          tenantID: cluster.entra.tenantId,
        })
      : undefined,
    disableLocalAccounts: cluster.disableLocalAccounts || undefined,
    autoUpgradeProfile:
      cluster.upgradeChannel || cluster.nodeOSUpgradeChannel
        ? compact({ upgradeChannel: cluster.upgradeChannel, nodeOSUpgradeChannel: cluster.nodeOSUpgradeChannel })
        : undefined,
    addonProfiles: addonProfiles(cluster.addons),
    securityProfile: compact({
      workloadIdentity: { enabled: cluster.workloadIdentity },
      defender: cluster.defender
        ? {
            logAnalyticsWorkspaceResourceId: cluster.defender.logAnalyticsWorkspaceId,
            securityMonitoring: { enabled: true },
          }
        : undefined,
      imageCleaner: cluster.imageCleaner
        ? { enabled: true, intervalHours: cluster.imageCleaner.intervalHours }
        : undefined,
    }),
  });
}

/** One `agentPoolProfiles[i]`: a VMSS pool. */
export function agentPoolProfile(
  request: ClusterRequest,
  pool: NodePool,
  context: Pick<ClusterBodyContext, "subnetId" | "tags">,
): ManagedClusterAgentPoolProfile {
  return compact({
    name: pool.name,
    mode: pool.mode,
    type: "VirtualMachineScaleSets",
    vmSize: pool.vmSize,
    osType: pool.osType,
    count: pool.count,
    enableAutoScaling: pool.autoscale !== undefined,
    minCount: pool.autoscale?.min,
    maxCount: pool.autoscale?.max,
    availabilityZones: pool.zones,
    osDiskSizeGB: pool.osDiskSizeGb,
    osDiskType: pool.osDiskType,
    maxPods: pool.maxPods ?? MAX_PODS_LIMITS[request.cluster.networkPlugin].default,
    vnetSubnetID: context.subnetId,
    nodeLabels: pool.labels,
    nodeTaints: pool.taints,
    scaleSetPriority: pool.spot ? "Spot" : undefined,
    scaleSetEvictionPolicy: pool.spot ? "Delete" : undefined,
    spotMaxPrice: pool.spot ? (pool.spotMaxPrice ?? -1) : undefined,
    tags: context.tags,
  });
}
