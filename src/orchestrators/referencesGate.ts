import type * as df from "durable-functions";
import type { PreflightCheck } from "../activities/index.js";
import { existingReferencesOf } from "../request/index.js";
import type { GateOutcome } from "./approvalGate.js";
import { refuseAtPreflight } from "./preflightRefusal.js";
import { PREFLIGHT_ATTEMPTS, preflightBackoffMs } from "./preflightRetry.js";
import { armRetry, type ProvisionInput } from "./provisionInput.js";

/**
 * The start of a provisioning without an approval gate, before the cluster lock: when the plan references
 * resources it does not create (an existing subnet, registry, identity), the `checkReferences` activity reads them,
 * and a missing one ends the run at step `preflight` with nothing written — instead of AKS refusing the cluster
 * PUT after the resource group, network, registry and disks were made. A plan without references reads nothing
 * (the full preflight runs only in the dry run and behind an approval gate: fewer reads for every run).
 */
export function* referencesGate(
  context: df.OrchestrationContext,
  input: ProvisionInput,
): Generator<df.Task, GateOutcome, unknown> {
  if (existingReferencesOf(input.plan).length === 0) return { proceed: true };
  let check: PreflightCheck | undefined;
  for (let attempt = 1; !check; attempt++) {
    try {
      check = (yield context.df.callActivityWithRetry(
        "checkReferences",
        armRetry(input.settings),
        input.plan,
      )) as PreflightCheck;
    } catch (error) {
      // Still failing after the retries (ARM unreachable or throttling a burst): asked again after a back-off,
      // then refused, as the writes would meet the same.
      if (attempt < PREFLIGHT_ATTEMPTS) {
        const waitMs = preflightBackoffMs(input.settings, attempt);
        yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitMs));
        continue;
      }
      const message = `could not check: ${error instanceof Error ? error.message : String(error)}`;
      check = { name: "references", status: "failed", message };
    }
  }
  if (check.status !== "failed") return { proceed: true };
  return { proceed: false, status: yield* refuseAtPreflight(context, input, [check]) };
}
