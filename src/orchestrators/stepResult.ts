import type { ArmFailure } from "../azure/armErrors.js";
import type { AzureError, StepId } from "../request/index.js";

/** How a step (or a branch of steps) ended. */
export type StepResult<T = undefined> = { ok: true; value: T } | { ok: false; step: StepId; error: AzureError };

/** A successful step result. */
export function ok<T>(value: T): StepResult<T> {
  return { ok: true, value };
}

/** A failed step result, with Azure's error word for word. */
export function fail(step: StepId, error: AzureError): { ok: false; step: StepId; error: AzureError } {
  return { ok: false, step, error };
}

/** Azure's error as the status and the events show it: code, message and status, nothing else. */
export function azureError(failure: Pick<ArmFailure, "code" | "message" | "statusCode">): AzureError {
  return {
    code: failure.code,
    message: failure.message,
    ...(failure.statusCode !== undefined ? { statusCode: failure.statusCode } : {}),
  };
}

// The host reports a failed activity as "Activity function 'x' failed: <message>" (plus details on later lines);
// our retryable errors start their message with Azure's code.
const ACTIVITY_FAILED = /failed:\s*(?:RetryableArmError:\s*)?(?:([A-Za-z][\w.]*):\s)?([^\n]*)/;

/** Azure's error out of an activity failure the retries could not overcome. */
export function errorOfActivityFailure(error: Error): AzureError {
  const match = ACTIVITY_FAILED.exec(error.message);
  if (!match) return { code: "ActivityFailed", message: error.message.split("\n")[0] ?? error.message };
  return { code: match[1] ?? "ActivityFailed", message: (match[2] ?? "").trim() };
}
