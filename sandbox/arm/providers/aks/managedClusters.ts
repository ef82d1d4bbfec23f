import { ArmError, armErrors, isArmError } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import type { Route } from "../../http/router.js";
import { kubeconfigYaml } from "../../kube/kubeconfig.js";
import { apiVersions } from "../../policies/apiVersions.js";
import type { ArmServices } from "../../services.js";
import { resourceKey, type StoredOperation, type StoredResource } from "../../store/armStore.js";
import {
  asyncHeaders,
  beginOperation,
  normalizeLocation,
  objectBody,
  operationUrls,
  props,
  requireResource,
  requireResourceGroup,
  resourceGroupId,
  stored,
  tagsOf,
} from "../common.js";
import { identityResource } from "../managedIdentity.js";
import { checkQuota, vcpusOf } from "../quota.js";
import { assertNotBusy, assertRunning } from "./busy.js";
import {
  CLUSTER_TYPE,
  type ClusterInternal,
  clusterFqdn,
  clusterView,
  newClusterInternal,
  newIdentityIds,
  nodeResourceGroupName,
  POOL_TYPE,
  poolsOf,
} from "./clusterModel.js";
import { normalizeNetworkProfile, subnetSpaces } from "./network.js";
import { poolBody, poolStateFor } from "./poolModel.js";
import { normalizePool, validateClusterName, validateDnsPrefix, validatePoolSet } from "./validation.js";
import { kubernetesVersionsBody, resolveKubernetesVersion, upgradeProfileBody } from "./versions.js";

const NS = "Microsoft.ContainerService";
export const CLUSTERS = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.containerservice/managedclusters";

/** Managed clusters: PUT/GET/PATCH/DELETE, credentials, stop/start, upgrade profile, versions. */
export function managedClusterRoutes(services: ArmServices): Route[] {
  const v = apiVersions.containerService;
  const one = `${CLUSTERS}/{name}`;
  const route = (methods: string[], pattern: string, handler: (ctx: RequestContext) => Reply): Route => ({
    methods,
    pattern,
    resourceType: CLUSTER_TYPE,
    apiVersions: v,
    handler,
  });
  return [
    route(["GET"], "/subscriptions/{sub}/providers/microsoft.containerservice/managedclusters", (ctx) =>
      list(services, `/subscriptions/${ctx.params.sub}`),
    ),
    route(
      ["GET"],
      "/subscriptions/{sub}/providers/microsoft.containerservice/locations/{location}/kubernetesVersions",
      () => ({ status: 200, body: kubernetesVersionsBody() }),
    ),
    route(["GET"], CLUSTERS, (ctx) => {
      requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
      return list(services, resourceGroupId(ctx.params.sub ?? "", ctx.params.rg ?? ""));
    }),
    route(["PUT"], one, (ctx) => putCluster(ctx, services)),
    route(["GET"], one, (ctx) => ({ status: 200, body: clusterView(services.store, cluster(ctx, services)) })),
    route(["PATCH"], one, (ctx) => patchCluster(ctx, services)),
    route(["DELETE"], one, (ctx) => deleteCluster(ctx, services)),
    route(["POST"], `${one}/listClusterUserCredential`, (ctx) => credentials(ctx, services, false)),
    route(["POST"], `${one}/listClusterAdminCredential`, (ctx) => credentials(ctx, services, true)),
    route(["POST"], `${one}/stop`, (ctx) => powerAction(ctx, services, "clusterStop")),
    route(["POST"], `${one}/start`, (ctx) => powerAction(ctx, services, "clusterStart")),
    route(["GET"], `${one}/upgradeProfiles/default`, (ctx) => upgradeProfile(ctx, services)),
  ];
}

/** Canonical id (AKS returns `resourcegroups` in lower case). */
export function clusterId(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourcegroups/${rg}/providers/${NS}/managedClusters/${name}`;
}

/** The cluster of a request: 404 ResourceGroupNotFound / ResourceNotFound. */
export function cluster(ctx: RequestContext, services: ArmServices): StoredResource {
  const { sub = "", rg = "", name = "" } = ctx.params;
  return requireResource(services, clusterId(sub, rg, name), {
    subscriptionId: sub,
    resourceGroup: rg,
    type: CLUSTER_TYPE,
    name,
  });
}

function list(services: ArmServices, prefix: string): Reply {
  const value = services.store.listResources({ prefix, type: CLUSTER_TYPE }).map((c) => clusterView(services.store, c));
  return { status: 200, body: { value } };
}

function lroReply(
  ctx: RequestContext,
  services: ArmServices,
  status: number,
  op: StoredOperation,
  location: string,
  withResult: boolean,
  body?: unknown,
): Reply {
  const headers = asyncHeaders(
    ctx,
    services,
    operationUrls.regional(NS, op, location, ctx.query.get("api-version") ?? "", withResult),
  );
  return body === undefined ? { status, headers } : { status, body, headers };
}

/** Runs a quota check; in `async` quota mode the failure becomes the operation's error instead. */
export function quotaCheck(ctx: RequestContext, services: ArmServices, check: () => void): void {
  try {
    check();
  } catch (e) {
    if (!isArmError(e) || services.settings.quota.failure === "sync") throw e;
    ctx.asyncFailure ??= { code: e.code, message: e.message };
  }
}

function putCluster(ctx: RequestContext, services: ArmServices): Reply {
  const { store } = services;
  const { sub = "", rg = "", name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  validateClusterName(name);
  const id = clusterId(sub, String(group.body.name), name);
  const key = resourceKey(id);
  const existing = store.getResource(id);
  const previous = services.engine.findRetried(key, ctx.clientRequestId);
  if (previous && existing)
    return lroReply(ctx, services, 201, previous, String(existing.body.location), false, clusterView(store, existing));
  if (existing) {
    assertNotBusy(store, existing);
    assertRunning(existing);
  }
  const input = objectBody(ctx);
  const p = props(input);
  const before = existing ? props(existing.body) : undefined;
  const location = normalizeLocation(input.location);
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
  for (const r of requested) {
    const old = currentPools.find((cp) => cp.body.name === r.name);
    if (old && props(old.body).vmSize !== r.vmSize)
      throw armErrors.propertyChangeNotAllowed(`agentPoolProfiles.${String(r.name)}.vmSize`);
  }
  const targetVersion = resolveKubernetesVersion(p.kubernetesVersion ?? before?.kubernetesVersion ?? "", location);
  const ids = newIdentityIds();
  const nodeRg = String(
    before?.nodeResourceGroup ?? p.nodeResourceGroup ?? nodeResourceGroupName(String(group.body.name), name, location),
  );
  const spaces = subnetSpaces(store, requested);
  const networkProfile =
    before?.networkProfile ??
    normalizeNetworkProfile(
      p.networkProfile as Record<string, unknown> | undefined,
      spaces,
      ids.outboundIpId,
      sub,
      nodeRg,
    );
  const additional = requested.reduce((sum, r) => sum + Number(r.count) * vcpusOf(String(r.vmSize)), 0);
  const replaced = currentPools
    .filter((cp) => requested.some((r) => r.name === cp.body.name))
    .map((cp) => resourceKey(cp.id));
  quotaCheck(ctx, services, () =>
    checkQuota(store, services.settings.quota.regionalVcpus, sub, location, additional, replaced),
  );

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
  store.putResource(
    stored({ id, type: CLUSTER_TYPE, subscriptionId: sub, resourceGroup: String(group.body.name), body, internal }),
  );
  for (const r of requested) {
    const poolId = `${id}/agentPools/${String(r.name)}`;
    const old = store.getResource(poolId);
    const state = poolStateFor(old, r, targetVersion);
    store.putResource(
      stored({
        id: poolId,
        type: POOL_TYPE,
        subscriptionId: sub,
        resourceGroup: String(group.body.name),
        parentKey: key,
        body: poolBody(poolId, String(r.name), r, state, targetVersion, old),
        internal: old?.internal ?? {},
      }),
    );
  }
  const created = store.getResource(id) as StoredResource;
  return lroReply(ctx, services, existing ? 200 : 201, op, location, false, clusterView(store, created));
}

const PASS_THROUGH = [
  "aadProfile",
  "apiServerAccessProfile",
  "addonProfiles",
  "autoUpgradeProfile",
  "securityProfile",
  "autoScalerProfile",
  "workloadAutoScalerProfile",
  "storageProfile",
  "linuxProfile",
  "windowsProfile",
  "httpProxyConfig",
  "azureMonitorProfile",
];

function pickPassThrough(p: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(PASS_THROUGH.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}

function oidc(input: unknown, location: string, id: string): Record<string, unknown> {
  const enabled = (input as { enabled?: boolean } | undefined)?.enabled === true;
  return enabled
    ? {
        enabled,
        issuerURL: `https://${location}.oic.prod-aks.azure.com/${id.split("/")[2]}/${id.length.toString(16)}/`,
      }
    : { enabled: false };
}

function clusterIdentity(services: ArmServices, requested: unknown, existing: unknown): Record<string, unknown> {
  if (existing && !requested) return existing as Record<string, unknown>;
  const r = (requested ?? { type: "SystemAssigned" }) as {
    type?: string;
    userAssignedIdentities?: Record<string, unknown>;
  };
  if (r.type === "UserAssigned" && r.userAssignedIdentities) {
    const identities: Record<string, unknown> = {};
    for (const id of Object.keys(r.userAssignedIdentities)) {
      const found = services.store.getResource(id);
      if (!found)
        throw armErrors.invalidParameter(
          "identity.userAssignedIdentities",
          `The user-assigned identity '${id}' does not exist.`,
        );
      identities[id] = { principalId: props(found.body).principalId, clientId: props(found.body).clientId };
    }
    return { type: "UserAssigned", userAssignedIdentities: identities };
  }
  const previous = existing as { principalId?: string } | undefined;
  return {
    type: "SystemAssigned",
    principalId: previous?.principalId ?? newIdentityIds().principalId,
    tenantId: services.identity.tenantId,
  };
}

function createNodeResourceGroup(
  services: ArmServices,
  init: { sub: string; nodeRg: string; location: string; clusterIdValue: string; clusterName: string },
): void {
  const { store } = services;
  const rgId = resourceGroupId(init.sub, init.nodeRg);
  if (store.getResource(rgId))
    throw new ArmError(
      400,
      "NodeResourceGroupAlreadyExists",
      `Node resource group '${init.nodeRg}' already exists and is not managed by this cluster.`,
      "nodeResourceGroup",
    );
  store.putResource(
    stored({
      id: rgId,
      type: "Microsoft.Resources/resourceGroups",
      subscriptionId: init.sub,
      resourceGroup: init.nodeRg,
      body: {
        id: rgId,
        name: init.nodeRg,
        type: "Microsoft.Resources/resourceGroups",
        location: init.location,
        managedBy: init.clusterIdValue,
        tags: { "aks-managed-cluster-name": init.clusterName },
        properties: { provisioningState: "Succeeded" },
      },
    }),
  );
  store.putResource(
    identityResource({
      subscriptionId: init.sub,
      resourceGroup: init.nodeRg,
      name: `${init.clusterName}-agentpool`,
      location: init.location,
      tenantId: services.identity.tenantId,
    }),
  );
}

function patchCluster(ctx: RequestContext, services: ArmServices): Reply {
  const found = cluster(ctx, services);
  assertNotBusy(services.store, found);
  const tags = tagsOf(objectBody(ctx));
  if (tags) found.body.tags = tags;
  services.store.putResource(found);
  return { status: 200, body: clusterView(services.store, found) };
}

function deleteCluster(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", name = "" } = ctx.params;
  requireResourceGroup(services, sub, rg);
  const found = services.store.getResource(clusterId(sub, rg, name));
  if (!found) return { status: 204 };
  const key = resourceKey(found.id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "clusterDelete",
    subscriptionId: sub,
    resourceKey: key,
    duration: "clusterDelete",
  });
  if (!retried) {
    props(found.body).provisioningState = "Deleting";
    services.store.putResource(found);
    for (const pool of poolsOf(services.store, found)) {
      props(pool.body).provisioningState = "Deleting";
      services.store.putResource(pool);
    }
  }
  return lroReply(ctx, services, 202, op, String(found.body.location), true);
}

function powerAction(ctx: RequestContext, services: ArmServices, kind: "clusterStop" | "clusterStart"): Reply {
  const found = cluster(ctx, services);
  const key = resourceKey(found.id);
  const previous = services.engine.findRetried(key, ctx.clientRequestId);
  if (previous) return lroReply(ctx, services, 202, previous, String(found.body.location), true);
  assertNotBusy(services.store, found);
  if (kind === "clusterStart") {
    const pools = poolsOf(services.store, found);
    const vcpus = pools.reduce(
      (sum, pool) => sum + Number(props(pool.body).count ?? 0) * vcpusOf(String(props(pool.body).vmSize)),
      0,
    );
    const stopped = (props(found.body).powerState as { code?: string } | undefined)?.code === "Stopped";
    if (stopped)
      quotaCheck(ctx, services, () =>
        checkQuota(
          services.store,
          services.settings.quota.regionalVcpus,
          found.subscriptionId,
          String(found.body.location),
          vcpus,
        ),
      );
  }
  const { op } = beginOperation(ctx, services, {
    kind,
    subscriptionId: found.subscriptionId,
    resourceKey: key,
    duration: kind,
  });
  const state = kind === "clusterStop" ? "Stopping" : "Starting";
  props(found.body).provisioningState = state;
  services.store.putResource(found);
  for (const pool of poolsOf(services.store, found)) {
    props(pool.body).provisioningState = state;
    services.store.putResource(pool);
  }
  return lroReply(ctx, services, 202, op, String(found.body.location), true);
}

function credentials(ctx: RequestContext, services: ArmServices, admin: boolean): Reply {
  const found = cluster(ctx, services);
  const p = props(found.body);
  if (admin && p.disableLocalAccounts === true) {
    throw armErrors.badRequest(
      "Getting static credential is not allowed because this cluster is set to disable local accounts.",
    );
  }
  const internal = found.internal as ClusterInternal;
  const yaml = kubeconfigYaml({
    clusterName: String(found.body.name),
    resourceGroup: found.resourceGroup,
    server: `${ctx.baseUrl.replace(/^http:/, "https:")}/k8s/${String(p.resourceUID)}`,
    caPem: services.caPem,
    token: admin ? internal.adminToken : internal.userToken,
    admin,
  });
  return {
    status: 200,
    body: {
      kubeconfigs: [{ name: admin ? "clusterAdmin" : "clusterUser", value: Buffer.from(yaml).toString("base64") }],
    },
  };
}

function upgradeProfile(ctx: RequestContext, services: ArmServices): Reply {
  const found = cluster(ctx, services);
  const current = String(props(found.body).currentKubernetesVersion);
  const pools = poolsOf(services.store, found).map((pool) => ({
    name: String(pool.body.name),
    version: String(props(pool.body).currentOrchestratorVersion ?? current),
  }));
  return { status: 200, body: upgradeProfileBody(found.id, current, pools) };
}
