import type { DurationKind } from "../../engine/latency.js";
import { armErrors } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import type { Route } from "../../http/router.js";
import { apiVersions } from "../../policies/apiVersions.js";
import type { ArmServices } from "../../services.js";
import { resourceKey, type StoredResource } from "../../store/armStore.js";
import { beginOperation, clone, objectBody, page, props } from "../common.js";
import { routeFor } from "../resourceTypeRoutes.js";
import { abortLatestOperation } from "./abort.js";
import { assertNotBusy, assertRunning } from "./busy.js";
import { POOL_TYPE, poolsOf } from "./clusterModel.js";
import { CLUSTERS, clusterLro, offerCheck, quotaCheck, requireCluster } from "./clusterRequest.js";
import { subnetSpaces } from "./network.js";
import { poolStateFor, writePool } from "./poolModel.js";
import { poolRequest, requestedPower } from "./poolRequest.js";
import { normalizePool, type PoolProperties } from "./validation.js";
import { resolveKubernetesVersion } from "./versions.js";

const POOL_ABORT_TYPE = "Microsoft.ContainerService/managedClusters/agentPools/abort";

/** Agent pools as child resources: PUT (AAO), GET, list, DELETE (AAO + Location), abort. */
export function agentPoolRoutes(services: ArmServices): Route[] {
  const v = apiVersions["Microsoft.ContainerService/managedClusters/agentPools"];
  const base = `${CLUSTERS}/{name}/agentPools`;
  const route = routeFor(POOL_TYPE, v);
  return [
    route("GET", base, (ctx) => ({
      status: 200,
      body: page(
        ctx,
        services,
        poolsOf(services.store, requireCluster(ctx, services)).map((p) => clone(p.body)),
      ),
    })),
    route("PUT", `${base}/{pool}`, (ctx) => putPool(ctx, services)),
    route("GET", `${base}/{pool}`, (ctx) => ({ status: 200, body: clone(pool(ctx, services).body) })),
    route("DELETE", `${base}/{pool}`, (ctx) => deletePool(ctx, services)),
    routeFor(POOL_ABORT_TYPE, apiVersions[POOL_ABORT_TYPE])("POST", `${base}/{pool}/abort`, (ctx) =>
      abortLatestOperation(ctx, services, "pool"),
    ),
  ];
}

function pool(ctx: RequestContext, services: ArmServices): StoredResource {
  const parent = requireCluster(ctx, services);
  const found = services.store.getResource(`${parent.id}/agentPools/${ctx.params.pool}`);
  if (!found)
    throw armErrors.resourceNotFound(
      POOL_TYPE,
      `${ctx.params.name}/agentPools/${ctx.params.pool}`,
      ctx.params.rg ?? "",
    );
  return found;
}

function putPool(ctx: RequestContext, services: ArmServices): Reply {
  const { store } = services;
  const parent = requireCluster(ctx, services);
  const name = ctx.params.pool ?? "";
  const id = `${parent.id}/agentPools/${name}`;
  const key = resourceKey(id);
  const old = store.getResource(id);
  const previous = services.engine.findRetried(key, ctx.clientRequestId);
  if (previous && old)
    return clusterLro(ctx, services, 201, previous, String(parent.body.location), false, clone(old.body));
  assertNotBusy(store, parent);
  assertRunning(parent);
  const input = props(objectBody(ctx));
  const requested = normalizePool(name, poolRequest(old, input, { keepVersion: true }), "properties");
  if (old && props(old.body).vmSize !== requested.vmSize) throw armErrors.propertyChangeNotAllowed("vmSize");
  if (old && props(old.body).mode === "System" && requested.mode !== "System") {
    const otherSystem = poolsOf(store, parent).some((p) => p.id !== old.id && props(p.body).mode === "System");
    if (!otherSystem) throw armErrors.mustDefineSystemPool();
  }
  const location = String(parent.body.location);
  const power = old ? powerChange(old, input, requested) : undefined;
  offerCheck(services, [requested], location);
  subnetSpaces(store, [requested]);
  const targetVersion = poolTargetVersion(
    old,
    requested,
    String(props(parent.body).currentKubernetesVersion),
    location,
  );
  quotaCheck(ctx, services, {
    subscriptionId: parent.subscriptionId,
    location,
    pools: [{ ...requested, powerState: { code: requestedPower(old, input) } }],
    replacing: old ? [key] : [],
  });
  const state = poolStateFor(old, requested, targetVersion, power);
  const { op } = beginOperation(ctx, services, {
    kind: "poolPut",
    subscriptionId: parent.subscriptionId,
    resourceKey: key,
    duration: DURATIONS[state] ?? "poolUpdate",
    data: { targetVersion, ...(power ? { power } : {}) },
  });
  const { body } = writePool(store, parent, name, requested, targetVersion, power);
  return clusterLro(ctx, services, old ? 200 : 201, op, location, false, clone(body));
}

const DURATIONS: Record<string, DurationKind> = {
  Creating: "poolCreate",
  Scaling: "poolScale",
  Stopping: "poolStop",
  Starting: "poolStart",
};

/**
 * A stop or start the PUT asks for (`powerState.code` other than the pool's), or undefined. AKS
 * stops User pools only (a System pool keeps the cluster's system pods running).
 */
function powerChange(
  old: StoredResource,
  input: Record<string, unknown>,
  requested: PoolProperties,
): "Running" | "Stopped" | undefined {
  const power = requestedPower(old, input);
  const current = (props(old.body).powerState as { code?: string } | undefined)?.code ?? "Running";
  if (power === current) return undefined;
  if (power === "Stopped" && requested.mode === "System") {
    throw armErrors.invalidParameter(
      "powerState",
      `The value of parameter powerState is invalid. Error details: agent pool '${String(old.body.name)}' is a System pool and cannot be stopped; stop the cluster instead.`,
    );
  }
  return power;
}

/**
 * The version a pool PUT runs: the cluster's when the pool names none; a minor the pool already
 * runs keeps its current patch (re-sending `1.30` does not upgrade 1.30.6); else the one named.
 */
export function poolTargetVersion(
  old: StoredResource | undefined,
  requested: PoolProperties,
  clusterVersion: string,
  location: string,
): string {
  const named = typeof requested.orchestratorVersion === "string" ? requested.orchestratorVersion : "";
  if (!named) return clusterVersion;
  const current = old ? String(props(old.body).currentOrchestratorVersion ?? "") : "";
  if (current && (current === named || current.startsWith(`${named}.`))) return current;
  return resolveKubernetesVersion(named, location);
}

function deletePool(ctx: RequestContext, services: ArmServices): Reply {
  const { store } = services;
  const parent = requireCluster(ctx, services);
  const found = store.getResource(`${parent.id}/agentPools/${ctx.params.pool}`);
  if (!found) return { status: 204 };
  const key = resourceKey(found.id);
  const previous = services.engine.findRetried(key, ctx.clientRequestId);
  if (previous) return clusterLro(ctx, services, 202, previous, String(parent.body.location), true);
  assertNotBusy(store, parent);
  if (
    props(found.body).mode === "System" &&
    !poolsOf(store, parent).some((p) => p.id !== found.id && props(p.body).mode === "System")
  ) {
    throw armErrors.mustDefineSystemPool();
  }
  const { op } = beginOperation(ctx, services, {
    kind: "poolDelete",
    subscriptionId: parent.subscriptionId,
    resourceKey: key,
    duration: "poolDelete",
  });
  props(found.body).provisioningState = "Deleting";
  store.putResource(found);
  return clusterLro(ctx, services, 202, op, String(parent.body.location), true);
}
