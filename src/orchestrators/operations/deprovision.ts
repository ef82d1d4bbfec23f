import { type RollbackReport, stepId } from "../../request/index.js";
import { type Branch, subOrchestrate } from "../activityCalls.js";
import { DELETE_STAGES, deleteStages, referencedNotOwned } from "../deleteStages.js";
import { ROLLBACK } from "../provision.js";
import type { RollbackInput } from "../rollback.js";
import { fail, ok, type StepResult } from "../stepResult.js";
import type { OperationRun } from "./operationRun.js";

/**
 * Deletes what the request created, stage by stage (`deleteStages`, the stages a failed provisioning's rollback
 * deletes too): the role assignments it made, the cluster (ARM's 202, polled on durable timers to gone), then the
 * network, registry and disks, then the resource group if the request created it and it is empty. Each stage is
 * one run of the `rollback` orchestration, whose deletes check every target's request-id tag first: 404 is done
 * (so a repeated or resumed deprovision converges), someone else's is kept. The run's deadline
 * (PROVISION_TIMEOUT_MINUTES) bounds the wait for a delete that hangs. A stage with failures ends the run, every
 * failed resource named.
 */
export function* deprovisionOperation(op: OperationRun): Branch<StepResult<Record<string, unknown>>> {
  const { run, input, cluster } = op;
  const { progress, context, settings } = run;
  const { plan, provision } = input;
  const targets = deleteStages(plan, provision.created);
  const stages = DELETE_STAGES.map((name, i) => ({ name, id: stepId("delete", name), branches: targets[i] ?? [] }))
    // The cluster's stage always runs, even with nothing listed: the operation says what it found.
    .filter((s) => s.branches.length > 0 || s.name === "cluster");
  progress.addSteps(
    stages.map((s) => ({ id: s.id, ...(s.name === "cluster" ? { resourceId: cluster.resourceId } : {}) })),
  );
  const report: RollbackReport = {
    deletedResourceIds: [],
    failures: [],
    keptResourceIds: referencedNotOwned(plan, provision.created, provision.resourceGroupFound),
  };
  progress.status.result = { ...report };
  for (const stage of stages) {
    progress.started(stage.id);
    const stageInput: RollbackInput = {
      requestId: plan.requestId,
      stages: [stage.branches],
      settings,
      deadline: run.deadline.toISOString(),
      timeoutCode: "DeleteTimeout",
    };
    const instanceId = `${context.df.instanceId}:${input.operationId}:${stage.id}`;
    const got = yield* subOrchestrate<RollbackReport>(ROLLBACK, stageInput, instanceId, stage.id);
    report.deletedResourceIds.push(...got.deletedResourceIds);
    report.keptResourceIds.push(...got.keptResourceIds);
    report.failures.push(...got.failures);
    progress.status.result = { ...report };
    const [only, ...more] = got.failures;
    if (only) {
      const what = got.failures.map((f) => `${f.resourceId}: ${f.error.code}: ${f.error.message}`).join("; ");
      return fail(stage.id, {
        code: more.length === 0 ? only.error.code : "DeleteFailed",
        message: `${got.failures.length} resource${more.length === 0 ? "" : "s"} not deleted: ${what}`,
      });
    }
    const n = got.deletedResourceIds.length;
    progress.succeeded(stage.id, undefined, n === 0 ? "nothing to delete" : `deleted ${n}`);
  }
  return ok({ ...report });
}
