import { ArmError, armErrors } from "../../errors.js";
import { header, type RequestContext } from "../../http/context.js";
import type { ArmStore, StoredResource } from "../../store/armStore.js";
import { isTerminal, props } from "../common.js";
import { poolsOf } from "./clusterModel.js";

/** 409 OperationNotAllowed while the cluster or any of its pools has a non-terminal provisioningState. */
export function assertNotBusy(store: ArmStore, cluster: StoredResource): void {
  const state = props(cluster.body).provisioningState;
  if (!isTerminal(state)) throw armErrors.operationNotAllowed(String(state));
  for (const pool of poolsOf(store, cluster)) {
    const poolState = props(pool.body).provisioningState;
    if (!isTerminal(poolState)) throw armErrors.agentPoolOperationNotAllowed(String(pool.body.name), String(poolState));
  }
}

/** 409 while the cluster is stopped (writes other than start and delete). */
export function assertRunning(cluster: StoredResource): void {
  if ((props(cluster.body).powerState as { code?: string } | undefined)?.code === "Stopped") {
    throw armErrors.clusterStopped(String(cluster.body.name));
  }
}

/** Optimistic concurrency on `eTag`: `if-none-match: *` needs no resource, `if-match` the current eTag (412 otherwise). */
export function checkPreconditions(ctx: RequestContext, existing: StoredResource | undefined): void {
  const ifMatch = header(ctx, "if-match");
  const ifNoneMatch = header(ctx, "if-none-match");
  const etag = existing?.body.eTag;
  if (ifNoneMatch === "*" && existing) {
    throw new ArmError(412, "PreconditionFailed", "The resource already exists and if-none-match: * was given.");
  }
  if (ifMatch !== undefined && ifMatch !== "*" ? ifMatch !== etag : ifMatch === "*" && !existing) {
    throw new ArmError(412, "PreconditionFailed", `The eTag '${ifMatch}' does not match the resource's current eTag.`);
  }
}
