import type * as df from "durable-functions";
import type { PreflightCheck } from "../activities/index.js";
import { initialSteps, type ProvisionStatus } from "../request/index.js";
import { Progress } from "./progress.js";
import type { ProvisionInput } from "./provisionInput.js";

/**
 * Ends a provisioning whose preflight found `failed` checks, before the cluster lock and before any write: every
 * step skipped, `cluster.provisioning.failed` at step `preflight` with code `PreflightFailed` and each check's words.
 */
export function refuseAtPreflight(
  context: df.OrchestrationContext,
  input: ProvisionInput,
  failed: PreflightCheck[],
): Generator<df.Task, ProvisionStatus, unknown> {
  return refuseRun(context, input, "preflight", {
    code: "PreflightFailed",
    message: `nothing was written: ${failed.map((c) => `${c.name}: ${c.message}`).join("; ")}`,
  });
}

/**
 * Ends a provisioning refused before any write (at the preflight, or at a cluster lock another operation holds):
 * every step skipped, `cluster.provisioning.failed` at `step` with `error`, delivered before the state turns final.
 */
export function* refuseRun(
  context: df.OrchestrationContext,
  input: ProvisionInput,
  step: "preflight" | "lock",
  error: { code: string; message: string },
): Generator<df.Task, ProvisionStatus, unknown> {
  const progress = Progress.ofProvisioning(context, input.plan, initialSteps(input.plan));
  progress.skipPending();
  progress.status.failure = { step, error };
  progress.event("cluster.provisioning.failed", { step, error, rollbackRequested: false });
  yield* progress.deliver();
  progress.setState("failed");
  return progress.status;
}
