import { armErrors } from "../../errors.js";
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
