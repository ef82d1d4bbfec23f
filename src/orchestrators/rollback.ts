import type * as df from "durable-functions";
import type { ResourceTarget, RollbackReport } from "../request/index.js";
import { type Branch, call, sleepUntil } from "./activityCalls.js";
import { armRetry, type OrchestrationSettings } from "./provisionInput.js";
import { runBranches } from "./runBranches.js";
import { azureError } from "./stepResult.js";

/** The input of the `rollback` orchestration: what to delete, stage by stage. */
export interface RollbackInput {
  requestId: string;
  /** Stages run in order; each stage's branches in parallel; each branch's targets in order. */
  stages: ResourceTarget[][][];
  settings: OrchestrationSettings;
  /**
   * When to give up on a resource still being deleted (ISO 8601): a deprovision's whole run shares its deadline.
   * Without it each resource gets `settings.timeoutMinutes` from its first look.
   */
  deadline?: string;
  /** The error code of a resource given up on: `RollbackTimeout` unless said otherwise (`DeleteTimeout`). */
  timeoutCode?: string;
}

type DeleteResult =
  | { deleted: boolean; resourceId: string }
  | { kept: string; resourceId: string }
  | { failed: RollbackReport["failures"][number] };

/**
 * The compensation of a failed provisioning: deletes, in reverse order of creation, exactly what the request
 * created (each resource checked by its request-id tag first; something else's is kept, a 404 is done),
 * waiting for ARM's terminal state before deleting anything still being created.
 */
export function* rollbackOrchestrator(context: df.OrchestrationContext): Generator<df.Task, RollbackReport, unknown> {
  const input = context.df.getInput() as RollbackInput;
  const retry = armRetry(input.settings);
  const report: RollbackReport = { deletedResourceIds: [], failures: [], keptResourceIds: [] };
  for (const stage of input.stages) {
    if (stage.length === 0) continue;
    const results = yield* runBranches(
      context,
      stage.map((targets) => deleteInOrder(context, input, targets)),
      { retry, writeBudget: input.settings.writeBudget },
    );
    for (const r of results.flat()) {
      if ("failed" in r) report.failures.push(r.failed);
      else if ("kept" in r) report.keptResourceIds.push(r.resourceId);
      else if (r.deleted) report.deletedResourceIds.push(r.resourceId);
    }
  }
  return report;
}

function* deleteInOrder(
  context: df.OrchestrationContext,
  input: RollbackInput,
  targets: ResourceTarget[],
): Branch<DeleteResult[]> {
  const results: DeleteResult[] = [];
  for (const target of targets) results.push(yield* deleteOne(context, input, target));
  return results;
}

function* deleteOne(
  context: df.OrchestrationContext,
  input: RollbackInput,
  target: ResourceTarget,
): Branch<DeleteResult> {
  const { resourceId } = target;
  const now = () => context.df.currentUtcDateTime.getTime();
  const deadline = input.deadline ? Date.parse(input.deadline) : now() + input.settings.timeoutMinutes * 60_000;
  const gaveUp = (lastSeen: string) => ({
    failed: {
      resourceId,
      error: {
        code: input.timeoutCode ?? "RollbackTimeout",
        message: `${resourceId} still ${lastSeen || "busy"} after ${input.settings.timeoutMinutes} minutes (PROVISION_TIMEOUT_MINUTES); Azure may still finish it`,
      },
    },
  });
  const wait = () => new Date(now() + input.settings.pollIntervalSeconds * 1000);
  for (;;) {
    const started = yield* call("startDelete", { target, requestId: input.requestId });
    switch (started.outcome) {
      case "gone":
        return { deleted: false, resourceId };
      case "deleted":
        return { deleted: true, resourceId };
      case "kept":
        return { kept: started.reason, resourceId };
      case "failed":
        return { failed: { resourceId, error: azureError(started.error) } };
      case "busy":
        if (now() >= deadline) return gaveUp(started.state);
        yield* sleepUntil(wait());
        continue;
      case "deleting": {
        let ref = started.ref;
        for (;;) {
          const polled = yield* call("pollOperation", ref);
          if (polled.outcome === "succeeded") return { deleted: true, resourceId };
          if (polled.outcome === "failed") return { failed: { resourceId, error: azureError(polled.error) } };
          ref = polled.ref;
          if (now() >= deadline) return gaveUp(polled.state ?? "Deleting");
          const seconds = Math.max(input.settings.pollIntervalSeconds, polled.retryAfterSeconds ?? 0);
          yield* sleepUntil(new Date(now() + seconds * 1000));
        }
      }
    }
  }
}
