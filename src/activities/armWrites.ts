import { isRestError } from "@azure/core-rest-pipeline";
import { classifyArmError } from "../azure/armErrors.js";
import type { AzureClients } from "../azure/clients.js";
import { captureRetryAfter } from "../azure/retryAfter.js";
import { ArmThrottledError, answerThrottling } from "../azure/throttling.js";
import { isTerminalState, TAG_REQUEST_ID, type TaggedWrite, targetOf } from "../request/index.js";
import { armCall, getOrUndefined, RetryableArmError } from "./errors.js";
import type { OperationRef, PollOutcome, StartOutcome } from "./outcomes.js";
import { ownedElsewhere, ownerOf } from "./ownership.js";
import { bindingOf, type Poller } from "./resourceKinds.js";

/**
 * Starts the PUT of a planned write and returns at once with what the orchestration needs to poll it.
 * An existing resource is reused only when it carries this request's id: `Succeeded` needs no write, a
 * running operation is waited on (by GET), and a `Failed` one is written again. Anything else is refused.
 */
export async function startPut(clients: AzureClients, write: TaggedWrite): Promise<StartOutcome> {
  const target = targetOf(write);
  const binding = bindingOf(write.kind);
  const requestId = write.body.tags?.[TAG_REQUEST_ID] ?? "";
  const existing = await getOrUndefined(() => binding.get(clients, target));
  if (!existing.ok) return { outcome: "failed", error: existing.error };
  if (existing.value) {
    const owner = ownerOf(existing.value);
    if (owner !== requestId) return { outcome: "failed", error: ownedElsewhere(target.resourceId, requestId, owner) };
    const state = existing.value.provisioningState;
    if (state?.toLowerCase() === "succeeded") return { outcome: "done", target, reused: true, state };
    if (!isTerminalState(state)) return { outcome: "started", ref: { target, operation: "put" }, state };
  }
  const put = binding.put;
  if (!put) throw new Error(`${write.kind} is not written with a long-running PUT`);
  const started = await armCall(async () => {
    const poller = put(clients, write);
    await poller.submitted();
    return poller.serialize();
  });
  if (!started.ok) return { outcome: "failed", error: started.error };
  return { outcome: "started", ref: { target, operation: "put", poller: started.value } };
}

/**
 * One look at a running operation: a poll of the SDK's restored poller (honouring the Retry-After it was
 * answered with), or a GET of the resource when the operation was found running rather than started here.
 * An operation that ended Failed is an outcome; a poll request that failed transiently is thrown; one ARM
 * throttled is answered as still running, with its Retry-After.
 */
export async function pollOperation(clients: AzureClients, ref: OperationRef): Promise<PollOutcome> {
  try {
    return await answerThrottling(() => pollOnce(clients, ref));
  } catch (error) {
    // ARM throttled the poll: still running as far as anyone knows, looked at again after its Retry-After on a
    // durable timer, the activity slot freed at once instead of held while the SDK waits.
    if (error instanceof ArmThrottledError)
      return { outcome: "running", ref, retryAfterSeconds: error.retryAfterMs / 1000 };
    throw error;
  }
}

async function pollOnce(clients: AzureClients, ref: OperationRef): Promise<PollOutcome> {
  if (!ref.poller) return pollByGet(clients, ref);
  const binding = bindingOf(ref.target.kind);
  const restore =
    ref.operation === "put"
      ? binding.restorePut
      : ref.operation === "delete"
        ? binding.restoreDelete
        : binding.restoreAction?.[ref.operation];
  if (!restore) throw new Error(`no poller to restore for a ${ref.operation} of ${ref.target.kind}`);
  const serialized = ref.poller;
  let poller: Poller | undefined;
  try {
    const { retryAfterSeconds } = await captureRetryAfter(async () => {
      poller = restore(clients, serialized);
      await poller.poll();
    });
    const p = poller as Poller;
    if (p.isDone) return { outcome: "succeeded" };
    return {
      outcome: "running",
      ref: { ...ref, poller: await p.serialize() },
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
  } catch (error) {
    if (error instanceof ArmThrottledError) throw error;
    const failure = classifyArmError(error);
    // A poll *request* that failed (RestError) is retried; an *operation* that failed is the answer.
    if (isRestError(error) && failure.retryable) throw new RetryableArmError(failure);
    if (
      isRestError(error) &&
      failure.kind === "notFound" &&
      (ref.operation === "delete" || ref.operation === "poolDelete")
    )
      return { outcome: "succeeded" };
    return { outcome: "failed", error: failure };
  }
}

async function pollByGet(clients: AzureClients, ref: OperationRef): Promise<PollOutcome> {
  const binding = bindingOf(ref.target.kind);
  const read = await getOrUndefined(() => binding.get(clients, ref.target));
  if (!read.ok) return { outcome: "failed", error: read.error };
  if (!read.value) {
    if (ref.operation === "delete") return { outcome: "succeeded", state: "Deleted" };
    return { outcome: "failed", error: { ...notFound(ref.target.resourceId), retryable: false } };
  }
  const state = read.value.provisioningState;
  if (ref.operation === "put" && state?.toLowerCase() === "succeeded") return { outcome: "succeeded", state };
  if (isTerminalState(state) && ref.operation === "put") {
    const code = `Provisioning${state ?? "Unknown"}`;
    return {
      outcome: "failed",
      state,
      error: { kind: "conflict", code, message: `${ref.target.resourceId} is ${state}`, retryable: false },
    };
  }
  return { outcome: "running", ref, ...(state ? { state } : {}) };
}

function notFound(resourceId: string) {
  return {
    kind: "notFound" as const,
    code: "ResourceNotFound",
    message: `${resourceId} disappeared while being created`,
  };
}
