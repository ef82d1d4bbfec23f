import type { OperationSummary } from "./operationStatus.js";

/** The operations that change a cluster; one at a time per cluster. */
export type OperationKind =
  | "provision"
  | "deprovision"
  | "scale"
  | "poolAdd"
  | "poolRemove"
  | "stop"
  | "start"
  | "upgrade";

/** Who holds a cluster's lock. */
export interface LockHolder {
  instanceId: string;
  kind: OperationKind;
  /** When it was taken (the holder's orchestration clock, ISO 8601). */
  since: string;
}

/** A cluster lock's state: free, or held; and the operations that held it last, newest first. */
export interface LockState {
  holder?: LockHolder;
  history?: OperationSummary[];
}

/** How many ended operations a lock remembers. */
export const LOCK_HISTORY = 20;

/** An acquire request: who asks, and whom it may take over from (a holder the caller has seen end). */
export interface AcquireRequest extends LockHolder {
  /** The instance id of a holder that is no longer running (terminated, crashed): its lock is stale. */
  takeOverFrom?: string;
}

/** The answer to an acquire: granted (also when the caller holds it already), or who holds it. */
export type AcquireResult = { granted: true } | { granted: false; holder: LockHolder };

/** Pure lock transition for `acquire`: re-entrant for the holder, a stale holder can be taken over. */
export function acquireLock(state: LockState, request: AcquireRequest): { state: LockState; result: AcquireResult } {
  const { takeOverFrom, ...holder } = request;
  const current = state.holder;
  if (!current || current.instanceId === holder.instanceId || current.instanceId === takeOverFrom) {
    const next = current?.instanceId === holder.instanceId ? current : holder;
    return { state: { ...state, holder: next }, result: { granted: true } };
  }
  return { state, result: { granted: false, holder: current } };
}

/** What `release` takes: the holder's instance id, and (day-2 operations) how it ended, for the history. */
export interface ReleaseRequest {
  instanceId: string;
  summary?: OperationSummary;
}

/** Pure lock transition for `release`: only the holder frees it; its summary goes to the front of the history. */
export function releaseLock(state: LockState, request: ReleaseRequest): LockState {
  if (state.holder?.instanceId !== request.instanceId) return state;
  const { holder: _, ...rest } = state;
  if (!request.summary) return rest;
  const earlier = (state.history ?? []).filter((h) => h.operationId !== request.summary?.operationId);
  return { ...rest, history: [request.summary, ...earlier].slice(0, LOCK_HISTORY) };
}

/** The lock's key for a cluster: its resource id, lower-cased, with `/` (not allowed in entity keys) as `:`. */
export function clusterLockKey(clusterId: string): string {
  return clusterId.toLowerCase().replace(/^\/+/, "").replaceAll("/", ":");
}
