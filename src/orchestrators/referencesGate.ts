import type * as df from "durable-functions";
import { existingReferencesOf } from "../request/index.js";
import type { GateOutcome } from "./approvalGate.js";
import { refuseAtPreflight } from "./preflightRefusal.js";
import { checksOf } from "./preflightRetry.js";
import { armRetry, type ProvisionInput } from "./provisionInput.js";
import { runBranches } from "./runBranches.js";

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
  // ARM still throttling or failing after the back-offs: refused, as the writes would meet the same.
  const [result] = yield* runBranches(context, [checksOf(context, input.settings, "checkReferences", input.plan)], {
    retry: armRetry(input.settings),
  });
  const checks = result?.checks ?? [];
  const failed = checks.filter((c) => c.status === "failed");
  if (failed.length === 0) return { proceed: true };
  return { proceed: false, status: yield* refuseAtPreflight(context, input, failed) };
}
