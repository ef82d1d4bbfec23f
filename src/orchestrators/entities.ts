import * as df from "durable-functions";
import {
  type AcquireRequest,
  acquireLock,
  clusterLockKey,
  type LockState,
  type ReleaseRequest,
  releaseLock,
} from "../request/index.js";

/**
 * Entity names, as registered in `src/functions/durable.ts`. The ARM write budget is no entity: a write takes its
 * token inside its activity, from a table row every instance shares (`src/activities/writeBudgetTable.ts`).
 */
export const CLUSTER_LOCK = "clusterLock";

/** The lock of one cluster (one mutating operation at a time). */
export function clusterLockId(clusterId: string): df.EntityId {
  return new df.EntityId(CLUSTER_LOCK, clusterLockKey(clusterId));
}

/**
 * The per-cluster lock: `acquire` (an `AcquireRequest`; re-entrant for its holder; a holder the caller saw end
 * may be taken over) answers `AcquireResult`; `release` (the holder's instance id, or a `ReleaseRequest` with
 * how the operation ended); `get` answers the state.
 */
export function clusterLockEntity(context: df.EntityContext<LockState>): void {
  const state = context.df.getState(() => ({})) ?? {};
  switch (context.df.operationName) {
    case "acquire": {
      const { state: next, result } = acquireLock(state, context.df.getInput() as AcquireRequest);
      context.df.setState(next);
      context.df.return(result);
      return;
    }
    case "release": {
      const input = context.df.getInput() as string | ReleaseRequest;
      context.df.setState(releaseLock(state, typeof input === "string" ? { instanceId: input } : input));
      return;
    }
    case "get":
      context.df.return(state);
      return;
    default:
      throw new Error(`clusterLock has no operation ${context.df.operationName}`);
  }
}
