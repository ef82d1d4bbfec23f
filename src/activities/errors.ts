import { type ArmFailure, classifyArmError } from "../azure/armErrors.js";
import { ArmThrottledError } from "../azure/throttling.js";
import { WriteRefusedError } from "../azure/writeGate.js";

/**
 * Thrown by an activity for a failure worth retrying (throttled, busy, transient): the orchestration's
 * retry policy retries every thrown error, so permanent failures are returned as outcomes instead.
 * The message starts with Azure's code so the orchestration can still report it after the last attempt.
 */
export class RetryableArmError extends Error {
  override name = "RetryableArmError";
  constructor(readonly failure: ArmFailure) {
    super(`${failure.code}: ${failure.message}`);
  }
}

/**
 * Runs an ARM call: retryable failures throw RetryableArmError, permanent ones come back classified. A write the
 * budget refused before sending it (`WriteRefusedError`), and a 429 inside `answerThrottling` (`ArmThrottledError`),
 * go on up to the caller that answers them (`meteredWrite.ts`, `pollOperation`).
 */
export async function armCall<T>(
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: ArmFailure }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof WriteRefusedError || error instanceof ArmThrottledError) throw error;
    const failure = classifyArmError(error);
    if (failure.retryable) throw new RetryableArmError(failure);
    return { ok: false, error: failure };
  }
}

/** A resource's GET, with 404 as `undefined` (a missing resource is an answer, not an error). */
export async function getOrUndefined<T>(
  get: () => Promise<T>,
): Promise<{ ok: true; value: T | undefined } | { ok: false; error: ArmFailure }> {
  try {
    return { ok: true, value: await get() };
  } catch (error) {
    if (error instanceof ArmThrottledError) throw error; // the caller answers it (`answerThrottling`)
    const failure = classifyArmError(error);
    if (failure.kind === "notFound") return { ok: true, value: undefined };
    if (failure.retryable) throw new RetryableArmError(failure);
    return { ok: false, error: failure };
  }
}
