import { randomUUID } from "node:crypto";
import { armErrors } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import type { ArmServices } from "../../services.js";
import { resourceKey } from "../../store/armStore.js";
import {
  beginOperation,
  normalizeLocation,
  objectBody,
  props,
  requireResourceGroup,
  stored,
  tagsOf,
} from "../common.js";
import { assertNotBusy, assertRunning, checkPreconditions } from "./busy.js";
import { clusterIdentity, createNodeResourceGroup } from "./clusterIdentity.js";
import {
  CLUSTER_TYPE,
  type ClusterInternal,
  clusterFqdn,
  clusterView,
  newClusterInternal,
  nodeResourceGroupName,
  oidc,
  pickPassThrough,
  poolsOf,
} from "./clusterModel.js";
import { clusterId, clusterLro, offerCheck, quotaCheck } from "./clusterRequest.js";
import { normalizeNetworkProfile, subnetSpaces } from "./network.js";
import { writePool } from "./poolModel.js";
import { normalizePool, validateClusterName, validateDnsPrefix, validatePoolSet } from "./validation.js";
import { resolveKubernetesVersion } from "./versions.js";

/** PUT of a managed cluster: create, update, scale or upgrade its pools (spec §4, §5). */
export function putCluster(ctx: RequestContext, services: ArmServices): Reply {
  const { store } = services;
  const { sub = "", rg = "", name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  validateClusterName(name);
  const id = clusterId(sub, String(group.body.name), name);
  const key = resourceKey(id);
  const existing = store.getResource(id);
  checkPreconditions(ctx, existing);
  const previous = services.engine.findRetried(key, ctx.clientRequestId);
  if (previous && existing)
    return clusterLro(
      ctx,
      services,
      201,
      previous,
      String(existing.body.location),
      false,
      clusterView(store, existing),
    );
  if (existing) {
    assertNotBusy(store, existing);
    assertRunning(existing);
  }
  const input = objectBody(ctx);
  const p = props(input);
  const before = existing ? props(existing.body) : undefined;
  const location = normalizeLocation(input.location, CLUSTER_TYPE);
  if (existing && existing.body.location !== location) throw armErrors.propertyChangeNotAllowed("location");
  const dnsPrefix = validateDnsPrefix(p.dnsPrefix ?? before?.dnsPrefix);
  if (before && String(before.dnsPrefix).toLowerCase() !== dnsPrefix.toLowerCase())
    throw armErrors.propertyChangeNotAllowed("dnsPrefix");
  const profiles = (p.agentPoolProfiles as Record<string, unknown>[] | undefined) ?? [];
  if (!existing && profiles.length === 0)
    throw armErrors.invalidParameter(
      "agentPoolProfiles",
      "The value of parameter agentPoolProfiles is invalid. At least one agent pool profile is required.",
    );
  const requested = profiles.map((pp, i) => normalizePool(String(pp.name ?? ""), pp, `agentPoolProfiles[${i}]`));
  const currentPools = existing ? poolsOf(store, existing) : [];
  const merged = [
    ...currentPools
      .map((cp) => ({ name: String(cp.body.name), mode: props(cp.body).mode }))
      .filter((cp) => !requested.some((r) => r.name === cp.name)),
    ...requested.map((r) => ({ name: String(r.name), mode: r.mode })),
  ];
  validatePoolSet(merged);
  offerCheck(services, requested, location);
  for (const r of requested) {
    const old = currentPools.find((cp) => cp.body.name === r.name);
    if (old && props(old.body).vmSize !== r.vmSize)
      throw armErrors.propertyChangeNotAllowed(`agentPoolProfiles.${String(r.name)}.vmSize`);
  }
  const targetVersion = resolveKubernetesVersion(p.kubernetesVersion ?? before?.kubernetesVersion ?? "", location);
  const nodeRg = String(
    before?.nodeResourceGroup ?? p.nodeResourceGroup ?? nodeResourceGroupName(String(group.body.name), name, location),
  );
  const spaces = subnetSpaces(store, requested);
  const networkProfile =
    before?.networkProfile ??
    normalizeNetworkProfile(p.networkProfile as Record<string, unknown> | undefined, spaces, randomUUID(), sub, nodeRg);
  const replacing = currentPools
    .filter((cp) => requested.some((r) => r.name === cp.body.name))
    .map((cp) => resourceKey(cp.id));
  quotaCheck(ctx, services, { subscriptionId: sub, location, pools: requested, replacing });

  const upgrading = Boolean(before && before.currentKubernetesVersion !== targetVersion);
  const { op } = beginOperation(ctx, services, {
    kind: "clusterPut",
    subscriptionId: sub,
    resourceKey: key,
    duration: !existing ? "clusterCreate" : upgrading ? "clusterUpgrade" : "clusterUpdate",
    data: { targetVersion, poolKeys: requested.map((r) => resourceKey(`${id}/agentPools/${String(r.name)}`)) },
  });
  const internal: ClusterInternal =
    (existing?.internal as ClusterInternal | undefined) ??
    newClusterInternal(id, op.startedAtMs + Math.round((op.dueAtMs - op.startedAtMs) * 0.6));
  if (!existing) createNodeResourceGroup(services, { sub, nodeRg, location, clusterIdValue: id, clusterName: name });
  const kubelet = store.getResource(
    `/subscriptions/${sub}/resourceGroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool`,
  );
  const fqdn = clusterFqdn(dnsPrefix, id, location);
  const tags = tagsOf(input) ?? (existing?.body.tags as Record<string, string> | undefined);
  const identity = clusterIdentity(services, input.identity, existing?.body.identity);
  const body = {
    id,
    location,
    name,
    type: "Microsoft.ContainerService/ManagedClusters",
    kind: "Base",
    eTag: randomUUID(),
    ...(tags ? { tags } : {}),
    sku: input.sku ?? existing?.body.sku ?? { name: "Base", tier: "Free" },
    identity,
    properties: {
      ...pickPassThrough(p),
      provisioningState: !existing ? "Creating" : upgrading ? "Upgrading" : "Updating",
      powerState: { code: "Running" },
      kubernetesVersion: p.kubernetesVersion || targetVersion.split(".").slice(0, 2).join("."),
      currentKubernetesVersion: before?.currentKubernetesVersion ?? targetVersion,
      dnsPrefix,
      fqdn: fqdn.fqdn,
      azurePortalFQDN: fqdn.portal,
      servicePrincipalProfile: { clientId: "msi" },
      nodeResourceGroup: nodeRg,
      enableRBAC: p.enableRBAC ?? before?.enableRBAC ?? true,
      supportPlan: p.supportPlan ?? "KubernetesOfficial",
      networkProfile,
      maxAgentPools: 100,
      identityProfile: {
        kubeletidentity: {
          resourceId: kubelet?.id ?? "",
          clientId: kubelet ? props(kubelet.body).clientId : "",
          objectId: kubelet ? props(kubelet.body).principalId : "",
        },
      },
      disableLocalAccounts: p.disableLocalAccounts ?? false,
      oidcIssuerProfile: oidc(p.oidcIssuerProfile, location, id),
      resourceUID: String(
        before?.resourceUID ??
          id.length.toString(16).padStart(2, "0") + internal.vmssHash + internal.userToken.slice(0, 14),
      ),
    },
  };
  const created = stored({
    id,
    type: CLUSTER_TYPE,
    subscriptionId: sub,
    resourceGroup: String(group.body.name),
    body,
    internal,
  });
  store.putResource(created);
  for (const r of requested) writePool(store, created, String(r.name), r, targetVersion);
  return clusterLro(ctx, services, existing ? 200 : 201, op, location, false, clusterView(store, created));
}
