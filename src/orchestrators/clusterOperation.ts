import type * as df from "durable-functions";
import type {
  NodePoolSummary,
  OperationKind,
  OperationStatus,
  OperationSummary,
  RollbackReport,
} from "../request/index.js";
import { clusterTargetOf } from "../request/index.js";
import type { Branch } from "./activityCalls.js";
import { clusterLockId } from "./entities.js";
import { acquireClusterLock } from "./lockWait.js";
import type { OperationInput } from "./operationInput.js";
import { deprovisionOperation } from "./operations/deprovision.js";
import type { OperationRun } from "./operations/operationRun.js";
import { type PoolScaled, poolAddOperation, poolRemoveOperation, scaleOperation } from "./operations/pools.js";
import { powerOperation } from "./operations/power.js";
import { upgradeOperation } from "./operations/upgrade.js";
import { Progress } from "./progress.js";
import { armRetry } from "./provisionInput.js";
import { recordOperationEnded, recordOperationStarted } from "./registryRecord.js";
import { ActivityFailedError, runBranches } from "./runBranches.js";
import { errorOfActivityFailure, type StepResult } from "./stepResult.js";

/** The orchestration name, as registered in `src/functions`. */
export const CLUSTER_OPERATION = "clusterOperation";

type Handler = (op: OperationRun) => Branch<StepResult<Record<string, unknown>>>;

/** Each day-2 operation's steps; the kinds not here are planned (intake does not start them). */
export const HANDLERS: Partial<Record<OperationKind, Handler>> = {
  stop: (op) => powerOperation(op, "stop"),
  start: (op) => powerOperation(op, "start"),
  deprovision: deprovisionOperation,
  upgrade: (op) => upgradeOperation(op),
  scale: scaleOperation,
  poolAdd: poolAddOperation,
  poolRemove: poolRemoveOperation,
};

/**
 * One day-2 operation on a provisioned cluster, under the cluster's lock (taken before the first write, released
 * with a summary for the status API however it ends): its steps in the custom status, a progress event per step
 * change, its own event when it succeeds and `cluster.operation.failed` when it does not.
 */
export function* clusterOperationOrchestrator(
  context: df.OrchestrationContext,
): Generator<df.Task, OperationStatus, unknown> {
  const input = context.df.getInput() as OperationInput;
  const { operationId, requestId, kind, plan, settings } = input;
  const me = context.df.instanceId;
  const startedAt = context.df.currentUtcDateTime.toISOString();
  const status: OperationStatus = { operationId, requestId, kind, state: "running", steps: [], created: [], startedAt };
  const progress = new Progress<OperationStatus>(context, plan, status, { operationId, kind });
  const retry = armRetry(settings);
  const finish = function* (): Generator<df.Task, OperationStatus, unknown> {
    status.endedAt = context.df.currentUtcDateTime.toISOString();
    yield* progress.deliver();
    return status;
  };
  const lock = clusterLockId(plan.clusterId);
  const request = {
    instanceId: me,
    kind,
    since: startedAt,
    ...(input.takeOverFrom ? { takeOverFrom: input.takeOverFrom } : {}),
  };
  const acquired = yield* acquireClusterLock(context, lock, request, {
    ...(input.waitForLock ? { wait: input.waitForLock } : {}),
    settings,
    onWaiting: (holder) => {
      progress.addSteps([{ id: "lock" }]);
      progress.started("lock", undefined, false);
      progress.waiting("lock", `held by ${holder.kind} ${holder.instanceId} since ${holder.since}`);
      progress.publishStatus();
    },
  });
  if (acquired.granted && status.steps.some((s) => s.id === "lock")) progress.succeeded("lock");
  if (!acquired.granted) {
    const { holder } = acquired;
    const error = {
      code: "ClusterBusy",
      message: `${plan.clusterId} is being changed by ${holder.kind} ${holder.instanceId} (since ${holder.since})`,
    };
    status.failure = { step: "lock", error };
    if (status.steps.some((s) => s.id === "lock")) progress.failed("lock", error);
    progress.event("cluster.operation.failed", { operationId, kind, step: "lock", error }, operationId);
    const done = yield* finish();
    progress.setState("failed");
    return done;
  }
  yield* recordOperationStarted(context, input);
  const handler = HANDLERS[kind];
  if (!handler) throw new Error(`no ${kind} operation (intake starts only the ones that exist)`);
  const op: OperationRun = {
    input,
    cluster: clusterTargetOf(plan),
    run: {
      context,
      progress,
      settings,
      deadline: new Date(context.df.currentUtcDateTime.getTime() + settings.timeoutMinutes * 60_000),
    },
  };
  let result: StepResult<Record<string, unknown>> | undefined;
  try {
    [result] = yield* runBranches(context, [handler(op)], {
      retry,
      writeBudget: settings.writeBudget,
      extraCalls: () => progress.outbox.calls(),
      onProgress: () => progress.publishStatus(),
    });
  } catch (error) {
    if (!(error instanceof ActivityFailedError)) throw error;
    const step = error.step ?? status.steps.find((s) => s.state === "running" || s.state === "waiting")?.id ?? kind;
    result = { ok: false, step: step as never, error: errorOfActivityFailure(error.failure) };
  }
  if (result?.ok) {
    status.result = result.value;
    queueSucceeded(progress, input, result.value);
  } else if (result) {
    if (status.steps.find((s) => s.id === result.step)?.state !== "failed") {
      if (status.steps.some((s) => s.id === result.step)) progress.failed(result.step, result.error);
    }
    progress.skipPending();
    status.failure = { step: result.step, error: result.error };
    progress.event(
      "cluster.operation.failed",
      { operationId, kind, step: result.step, error: result.error },
      operationId,
    );
  }
  const done = yield* finish();
  const state = result?.ok ? "succeeded" : "failed";
  // Recorded before the state turns final (the custom status is this object): a client that sees the operation
  // ended may start the next at once, and the run must have nothing left to yield by then.
  yield* recordOperationEnded(context, input, status);
  progress.setState(state);
  const summary: OperationSummary = {
    operationId,
    instanceId: me,
    kind,
    state,
    startedAt,
    ...(status.endedAt ? { endedAt: status.endedAt } : {}),
    ...(status.failure ? { failure: status.failure } : {}),
    // The pools as the operation left them (scale, pool add/remove): what the status API shows as the cluster's.
    ...(Array.isArray(status.result?.pools) ? { pools: status.result.pools as NodePoolSummary[] } : {}),
  };
  context.df.signalEntity(lock, "release", { instanceId: me, summary });
  return done;
}

/** The event an operation publishes when it has done what it was asked (keyed by the operation id). */
function queueSucceeded(
  progress: Progress<OperationStatus>,
  input: OperationInput,
  result: Record<string, unknown>,
): void {
  const trigger = input.trigger ?? { kind: "request" as const };
  switch (input.kind) {
    case "stop":
      progress.event("cluster.stopped", { trigger }, input.operationId);
      return;
    case "start":
      progress.event("cluster.started", { trigger }, input.operationId);
      return;
    case "deprovision": {
      const { deletedResourceIds = [], keptResourceIds = [] } = result as Partial<RollbackReport>;
      progress.event("cluster.deleted", { deletedResourceIds, keptResourceIds }, input.operationId);
      return;
    }
    case "upgrade":
      progress.event(
        "cluster.upgraded",
        result as { fromVersion?: string; toVersion: string; nodePools: { name: string; version: string }[] },
        input.operationId,
      );
      return;
    case "scale":
      // One event per pool, each keyed by the operation and the pool so their message ids differ.
      for (const p of (result.scaled ?? []) as PoolScaled[]) {
        const data = { nodePool: p.name, fromCount: p.fromCount, toCount: p.toCount, trigger };
        progress.event("cluster.scaled", data, `${input.operationId}/${p.name}`);
      }
      return;
    case "poolAdd":
      progress.event("cluster.pool.added", { nodePool: result.nodePool as NodePoolSummary }, input.operationId);
      return;
    case "poolRemove":
      progress.event("cluster.pool.removed", { nodePool: String(result.nodePool) }, input.operationId);
      return;
  }
}
