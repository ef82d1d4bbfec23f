import { armErrors } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import type { ArmServices } from "../../services.js";
import { resourceKey } from "../../store/armStore.js";
import { beginOperation, normalizeLocation, objectBody, props, requireResourceGroup, stored } from "../common.js";
import { withAddonIdentities } from "./addonProfiles.js";
import { poolTargetVersion } from "./agentPools.js";
import { assertNotBusy, assertRunning, checkPreconditions } from "./busy.js";
import { clusterBody } from "./clusterBody.js";
import { clusterIdentity, createNodeResourceGroup } from "./clusterIdentity.js";
import {
  CLUSTER_TYPE,
  type ClusterInternal,
  clusterView,
  newClusterInternal,
  nodeResourceGroupName,
  poolsOf,
} from "./clusterModel.js";
import { clusterProfiles } from "./clusterProfiles.js";
import { clusterId, clusterLro, offerCheck, quotaCheck } from "./clusterRequest.js";
import { networkProfileFor, subnetSpaces } from "./network.js";
import { writePool } from "./poolModel.js";
import { poolRequest } from "./poolRequest.js";
import { normalizePool, validateClusterName, validateDnsPrefix, validatePoolSet } from "./validation.js";
import { resolveKubernetesVersion } from "./versions.js";

/** PUT of a managed cluster: create, update, scale or upgrade its pools (docs/specs/arm.md §4, §5). */
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
  const currentPools = existing ? poolsOf(store, existing) : [];
  const oldPool = (poolName: unknown) => currentPools.find((cp) => cp.body.name === poolName);
  const requested = profiles.map((pp, i) =>
    normalizePool(
      String(pp.name ?? ""),
      poolRequest(oldPool(pp.name), pp, { keepVersion: false }),
      `agentPoolProfiles[${i}]`,
    ),
  );
  const merged = [
    ...currentPools
      .map((cp) => ({ name: String(cp.body.name), mode: props(cp.body).mode }))
      .filter((cp) => !requested.some((r) => r.name === cp.name)),
    ...requested.map((r) => ({ name: String(r.name), mode: r.mode })),
  ];
  validatePoolSet(merged);
  offerCheck(services, requested, location);
  for (const r of requested) {
    const old = oldPool(r.name);
    if (old && props(old.body).vmSize !== r.vmSize)
      throw armErrors.propertyChangeNotAllowed(`agentPoolProfiles.${String(r.name)}.vmSize`);
  }
  const targetVersion = resolveKubernetesVersion(p.kubernetesVersion ?? before?.kubernetesVersion ?? "", location);
  const nodeRg = String(
    before?.nodeResourceGroup ?? p.nodeResourceGroup ?? nodeResourceGroupName(String(group.body.name), name, location),
  );
  const addonsAt = { subscriptionId: sub, nodeResourceGroup: nodeRg, clusterName: name, location };
  const production = clusterProfiles({ ...before, ...p }, services.identity.tenantId, addonsAt);
  const networkProfile = networkProfileFor(
    p.networkProfile as Record<string, unknown> | undefined,
    before?.networkProfile as Record<string, unknown> | undefined,
    subnetSpaces(store, requested),
    { clusterId: id, subscriptionId: sub, nodeResourceGroup: nodeRg },
  );
  const replacing = requested.flatMap((r) => {
    const old = oldPool(r.name);
    return old ? [resourceKey(old.id)] : [];
  });
  // A pool stopped on its own stays stopped through a cluster PUT: it asks nothing of the quota.
  const demand = requested.map((r) => {
    const old = oldPool(r.name);
    return { ...r, powerState: old ? props(old.body).powerState : undefined };
  });
  quotaCheck(ctx, services, { subscriptionId: sub, location, pools: demand, replacing });

  const upgrading = Boolean(before && before.currentKubernetesVersion !== targetVersion);
  // As AKS: a pool whose orchestratorVersion the PUT names runs that version (its current one when unchanged),
  // so a PUT changing only kubernetesVersion and naming every pool's version upgrades the control plane only.
  const poolVersions = Object.fromEntries(
    requested.map((r) => [
      resourceKey(`${id}/agentPools/${String(r.name)}`),
      poolTargetVersion(oldPool(r.name), r, targetVersion, location),
    ]),
  ) as Record<string, string>;
  const versionOf = (poolName: unknown) =>
    poolVersions[resourceKey(`${id}/agentPools/${String(poolName)}`)] ?? targetVersion;
  const { op } = beginOperation(ctx, services, {
    kind: "clusterPut",
    subscriptionId: sub,
    resourceKey: key,
    duration: !existing ? "clusterCreate" : upgrading ? "clusterUpgrade" : "clusterUpdate",
    data: {
      targetVersion,
      poolVersions,
      poolKeys: requested.map((r) => resourceKey(`${id}/agentPools/${String(r.name)}`)),
    },
  });
  const internal: ClusterInternal =
    (existing?.internal as ClusterInternal | undefined) ??
    newClusterInternal(id, op.startedAtMs + Math.round((op.dueAtMs - op.startedAtMs) * 0.6));
  if (!existing) createNodeResourceGroup(services, { sub, nodeRg, location, clusterIdValue: id, clusterName: name });
  const addonProfiles = withAddonIdentities(services, production.addonProfiles, addonsAt);
  const body = clusterBody({
    id,
    name,
    location,
    input,
    existing,
    dnsPrefix,
    targetVersion,
    nodeResourceGroup: nodeRg,
    networkProfile,
    profiles: addonProfiles ? { ...production, addonProfiles } : production,
    identity: clusterIdentity(services, input.identity, existing?.body.identity),
    kubelet: store.getResource(
      `/subscriptions/${sub}/resourceGroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool`,
    ),
    provisioningState: !existing ? "Creating" : upgrading ? "Upgrading" : "Updating",
    resourceUID: String(
      before?.resourceUID ??
        id.length.toString(16).padStart(2, "0") + internal.vmssHash + internal.userToken.slice(0, 14),
    ),
  });
  const created = stored({
    id,
    type: CLUSTER_TYPE,
    subscriptionId: sub,
    resourceGroup: String(group.body.name),
    body,
    internal,
  });
  store.putResource(created);
  for (const r of requested) writePool(store, created, String(r.name), r, versionOf(r.name));
  return clusterLro(ctx, services, existing ? 200 : 201, op, location, false, clusterView(store, created));
}
