import { randomUUID } from "node:crypto";
import type { ArmBody, StoredResource } from "../../store/armStore.js";
import { props } from "../common.js";
import { clusterFqdn, oidc } from "./clusterModel.js";
import type { ClusterProfiles } from "./clusterProfiles.js";
import { withoutSecrets } from "./writeOnly.js";

/** Cluster properties only AKS writes; a request's values for them are ignored. */
const SERVER_FILLED = [
  "provisioningState",
  "powerState",
  "currentKubernetesVersion",
  "fqdn",
  "azurePortalFQDN",
  "privateFQDN",
  "maxAgentPools",
  "identityProfile",
  "resourceUID",
  // Pools are child resources; the cluster view composes the list from them.
  "agentPoolProfiles",
];

/** What a cluster write has settled before its body is built. */
export interface ClusterWrite {
  id: string;
  name: string;
  location: string;
  input: Record<string, unknown>;
  existing: StoredResource | undefined;
  dnsPrefix: string;
  targetVersion: string;
  nodeResourceGroup: string;
  networkProfile: Record<string, unknown>;
  /** Validated production-profile fields (`clusterProfiles`) over the request's. */
  profiles: ClusterProfiles;
  identity: Record<string, unknown>;
  kubelet: StoredResource | undefined;
  provisioningState: string;
  resourceUID: string;
}

/**
 * The stored cluster body. ARM round-trips what it was given: the request's properties (over the
 * stored ones, as AKS keeps what an update leaves out), without write-only secrets, plus the fields
 * AKS fills or defaults (fqdn, versions, identity profile, power state…).
 */
export function clusterBody(w: ClusterWrite): ArmBody {
  const p = props(w.input);
  const before = w.existing ? props(w.existing.body) : {};
  const given: Record<string, unknown> = { ...before, ...p, ...w.profiles };
  for (const key of SERVER_FILLED) delete given[key];
  const fqdn = clusterFqdn(w.dnsPrefix, w.id, w.location);
  const spClientId = (p.servicePrincipalProfile as { clientId?: string } | undefined)?.clientId;
  const tags = w.input.tags ?? w.existing?.body.tags;
  return {
    id: w.id,
    location: w.location,
    name: w.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    kind: "Base",
    eTag: randomUUID(),
    ...(tags ? { tags } : {}),
    sku: w.input.sku ?? w.existing?.body.sku ?? { name: "Base", tier: "Free" },
    identity: w.identity,
    properties: {
      ...withoutSecrets(given),
      provisioningState: w.provisioningState,
      powerState: { code: "Running" },
      kubernetesVersion: p.kubernetesVersion || w.targetVersion.split(".").slice(0, 2).join("."),
      currentKubernetesVersion: before.currentKubernetesVersion ?? w.targetVersion,
      dnsPrefix: w.dnsPrefix,
      fqdn: fqdn.fqdn,
      azurePortalFQDN: fqdn.portal,
      // Managed identity clusters answer "msi"; a service principal keeps its client id, never its secret.
      servicePrincipalProfile: { clientId: spClientId && spClientId !== "msi" ? spClientId : "msi" },
      nodeResourceGroup: w.nodeResourceGroup,
      enableRBAC: given.enableRBAC ?? true,
      supportPlan: given.supportPlan ?? "KubernetesOfficial",
      networkProfile: w.networkProfile,
      maxAgentPools: 100,
      identityProfile: {
        kubeletidentity: {
          resourceId: w.kubelet?.id ?? "",
          clientId: w.kubelet ? props(w.kubelet.body).clientId : "",
          objectId: w.kubelet ? props(w.kubelet.body).principalId : "",
        },
      },
      disableLocalAccounts: given.disableLocalAccounts ?? false,
      oidcIssuerProfile: { ...(given.oidcIssuerProfile as object), ...oidc(given.oidcIssuerProfile, w.location, w.id) },
      resourceUID: w.resourceUID,
    },
  };
}
