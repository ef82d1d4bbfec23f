import * as df from "durable-functions";
import {
  type AcquireRequest,
  acquireLock,
  clusterLockKey,
  drainWrites,
  fullBudget,
  type LockState,
  type ReleaseRequest,
  releaseLock,
  takeWrites,
  type WriteBudgetSettings,
  type WriteBudgetState,
} from "../request/index.js";

/** Entity names, as registered in `src/functions/durable.ts`. */
export const CLUSTER_LOCK = "clusterLock";
export const WRITE_BUDGET = "armWriteBudget";

/** The lock of one cluster (one mutating operation at a time). */
export function clusterLockId(clusterId: string): df.EntityId {
  return new df.EntityId(CLUSTER_LOCK, clusterLockKey(clusterId));
}

/** The ARM write budget of one subscription, shared by every run. */
export function writeBudgetId(subscriptionId: string): df.EntityId {
  return new df.EntityId(WRITE_BUDGET, subscriptionId.toLowerCase());
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

/** What a write-budget operation carries: the caller's orchestration time and the budget's settings. */
export interface BudgetRequest {
  nowMs: number;
  settings: WriteBudgetSettings;
  /** `take`: how many writes. */
  wanted?: number;
  /** `drain`: until when ARM asked us to wait (ms since the epoch). */
  untilMs?: number;
}

/**
 * The write budget: `take` answers a `WriteGrant` (as many writes as the bucket holds now, and when to ask for
 * the rest); `drain` empties it until ARM's Retry-After has passed. The time is the caller's replay-safe clock,
 * never the entity's own.
 */
export function writeBudgetEntity(context: df.EntityContext<WriteBudgetState>): void {
  const input = context.df.getInput() as BudgetRequest;
  const state =
    context.df.getState(() => fullBudget(input.settings, input.nowMs)) ?? fullBudget(input.settings, input.nowMs);
  switch (context.df.operationName) {
    case "take": {
      const { state: next, grant } = takeWrites(state, input.settings, input.wanted ?? 1, input.nowMs);
      context.df.setState(next);
      context.df.return(grant);
      return;
    }
    case "drain":
      context.df.setState(drainWrites(state, input.untilMs ?? input.nowMs, input.nowMs));
      return;
    default:
      throw new Error(`armWriteBudget has no operation ${context.df.operationName}`);
  }
}
