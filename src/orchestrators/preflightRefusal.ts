import type * as df from "durable-functions";
import type { PreflightCheck } from "../activities/index.js";
import { initialSteps, type ProvisionStatus } from "../request/index.js";
import { Progress } from "./progress.js";
import type { ProvisionInput } from "./provisionInput.js";

/**
 * Ends a provisioning whose preflight found `failed` checks, before the cluster lock and before any write: every
 * step skipped, `cluster.provisioning.failed` at step `preflight` with code `PreflightFailed` and each check's words.
 */
export function* refuseAtPreflight(
  context: df.OrchestrationContext,
  input: ProvisionInput,
  failed: PreflightCheck[],
): Generator<df.Task, ProvisionStatus, unknown> {
  const progress = Progress.ofProvisioning(context, input.plan, initialSteps(input.plan));
  const error = {
    code: "PreflightFailed",
    message: `nothing was written: ${failed.map((c) => `${c.name}: ${c.message}`).join("; ")}`,
  };
  progress.skipPending();
  progress.status.failure = { step: "preflight", error };
  progress.event("cluster.provisioning.failed", { step: "preflight", error, rollbackRequested: false });
  yield* progress.deliver();
  progress.setState("failed");
  return progress.status;
}
