import type { ArmFailure } from "../azure/armErrors.js";
import type { ResourceTarget } from "../request/index.js";

/** A long-running ARM operation the orchestration polls: the SDK's serialized poller, or none (poll by GET). */
export interface OperationRef {
  target: ResourceTarget;
  /** A PUT, a DELETE, a cluster's `stop`/`start` action, or a PUT/DELETE of one of its agent pools. */
  operation: "put" | "delete" | "stop" | "start" | "poolPut" | "poolDelete";
  /** `poller.serialize()`: absolute operation URLs, so any worker can resume it. */
  poller?: string;
}

/** How starting a write ended; a retryable failure is thrown instead, for the orchestration's retry policy. */
export type StartOutcome =
  | { outcome: "started"; ref: OperationRef; state?: string }
  /** Nothing to wait for: written synchronously, or already there, this request's and `Succeeded`. */
  | { outcome: "done"; target: ResourceTarget; reused: boolean; state?: string }
  | { outcome: "failed"; error: ArmFailure };

/** One look at a running operation. */
export type PollOutcome =
  | { outcome: "running"; ref: OperationRef; state?: string; retryAfterSeconds?: number }
  | { outcome: "succeeded"; state?: string }
  | { outcome: "failed"; error: ArmFailure; state?: string };
