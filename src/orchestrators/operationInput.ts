import type { EventTrigger } from "../events/clusterEventTypes.js";
import type { CreatedResource, OperationKind, ProvisioningPlan } from "../request/index.js";
import type { LockWait } from "./lockWait.js";
import type { OrchestrationSettings, QueuedRequest } from "./provisionInput.js";

/** The input of the `clusterOperation` orchestration: one day-2 operation on a provisioned cluster. */
export interface OperationInput {
  /** Minted at intake: the operation URL's id, and what its events' message ids are keyed by. */
  operationId: string;
  requestId: string;
  kind: OperationKind;
  /** The provisioning's plan: where the cluster and what the request made live. */
  plan: ProvisioningPlan;
  /** What the provisioning created (role assignments, a found resource group), for deprovision. */
  provision: { created: CreatedResource[]; resourceGroupFound: boolean };
  settings: OrchestrationSettings;
  /** The operation's body, validated at intake (its shape depends on `kind`). */
  body: unknown;
  /** A lock holder intake saw end without releasing (terminated, crashed): its lock may be taken over. */
  takeOverFrom?: string;
  /** Set when the operation was started from the request queue. */
  queued?: QueuedRequest;
  /** Wait for a busy cluster's lock instead of failing at once (schedules, TTL); absent: fail with ClusterBusy. */
  waitForLock?: LockWait;
  /** Who asked, for the events that say so (`cluster.scaled`, `.stopped`, `.started`); absent: a request. */
  trigger?: EventTrigger;
}

/** The Durable instance id of a request's day-2 operations: one at a time, so a second start while one runs fails. */
export function operationInstanceId(requestId: string): string {
  return `ops-${requestId}`;
}
