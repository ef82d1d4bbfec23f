import { setProvisioningState } from "../../engine/genericEffects.js";
import { ArmError, armErrors } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import type { ArmServices } from "../../services.js";
import { resourceKey, type StoredResource } from "../../store/armStore.js";
import { beginOperation } from "../common.js";
import { POOL_TYPE } from "./clusterModel.js";
import { clusterLro, requireCluster } from "./clusterRequest.js";

const DELETES = new Set(["clusterDelete", "poolDelete"]);

/**
 * `POST …/managedClusters/{name}/abort` and `…/agentPools/{pool}/abort`: cancels the running
 * operation(s) on the cluster (and its pools) or on one pool. Their status URLs answer `Canceled`
 * at once (the SDK rejects with "Operation was canceled"); the resources are `Canceling` until the
 * abort itself completes (202 + Azure-AsyncOperation + Location), then `Canceled`. What the canceled
 * operation had not done yet never happens: AKS does not roll back, it stops where it is.
 */
export function abortLatestOperation(ctx: RequestContext, services: ArmServices, level: "cluster" | "pool"): Reply {
  const cluster = requireCluster(ctx, services);
  const target = level === "cluster" ? cluster : requirePool(ctx, services, cluster);
  const key = resourceKey(target.id);
  const location = String(cluster.body.location);
  const retried = services.engine.findRetried(key, ctx.clientRequestId);
  if (retried?.kind === "abort") return clusterLro(ctx, services, 202, retried, location, true);
  const running = services.store
    .listOperations()
    .filter(
      (op) =>
        op.status === "InProgress" &&
        op.kind !== "abort" &&
        (op.resourceKey === key || op.resourceKey.startsWith(`${key}/`)),
    );
  if (running.length === 0) {
    throw new ArmError(
      409,
      "NoOperationInProgress",
      `There is no operation in progress to abort on ${level === "cluster" ? "managed cluster" : "agent pool"} '${String(target.body.name)}'.`,
    );
  }
  if (running.some((op) => DELETES.has(op.kind))) {
    throw armErrors.badRequest("A delete operation cannot be aborted.");
  }
  const affected = [
    ...new Set(running.flatMap((op) => [op.resourceKey, ...((op.data.poolKeys as string[] | undefined) ?? [])])),
  ];
  services.engine.cancelUnder(key);
  setProvisioningState(services.store, affected, "Canceling");
  const { op } = beginOperation(ctx, services, {
    kind: "abort",
    subscriptionId: cluster.subscriptionId,
    resourceKey: key,
    duration: "operationAbort",
    data: { keys: affected },
  });
  return clusterLro(ctx, services, 202, op, location, true);
}

/** When the abort completes, what it stopped reads `Canceled` (a terminal state: writes are allowed again). */
export function registerAbortEffect(services: ArmServices): void {
  services.engine.register("abort", {
    succeed: (op, { store }) => {
      const keys = (op.data.keys as string[]).filter((k) => {
        const state = (store.getResource(k)?.body.properties as { provisioningState?: string } | undefined)
          ?.provisioningState;
        return state === "Canceling";
      });
      setProvisioningState(store, keys, "Canceled");
    },
  });
}

function requirePool(ctx: RequestContext, services: ArmServices, cluster: StoredResource): StoredResource {
  const found = services.store.getResource(`${cluster.id}/agentPools/${ctx.params.pool}`);
  if (!found)
    throw armErrors.resourceNotFound(
      POOL_TYPE,
      `${ctx.params.name}/agentPools/${ctx.params.pool}`,
      ctx.params.rg ?? "",
    );
  return found;
}
