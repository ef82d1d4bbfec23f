import type * as df from "durable-functions";
import type { ClusterReading, PoolReadiness } from "../activities/index.js";
import type { NodePoolSummary } from "../events/clusterEventTypes.js";
import {
  type AcquireResult,
  type ApprovalStatus,
  initialSteps,
  type LockHolder,
  type ManagedClusterWrite,
  type ProvisionOutputs,
  type ProvisionStatus,
  type ResourceGroupWrite,
  type RollbackReport,
  registryTargetOf,
  type StepId,
  stageOf,
  targetOf,
} from "../request/index.js";
import type { Branch } from "./activityCalls.js";
import { approvalGate } from "./approvalGate.js";
import type { Run } from "./armSteps.js";
import { clusterStep, expectedPools, readinessStep } from "./clusterSteps.js";
import { deleteStages } from "./deleteStages.js";
import { maintenanceStep, resourceGroupStep, roleAssignmentStep, writesStep } from "./dependencySteps.js";
import { clusterLockId } from "./entities.js";
import { refuseRun } from "./preflightRefusal.js";
import { Progress } from "./progress.js";
import { armRetry, type ProvisionInput } from "./provisionInput.js";
import { referencesGate } from "./referencesGate.js";
import { recordProvisionEnded, recordProvisionStarted } from "./registryRecord.js";
import type { RollbackInput } from "./rollback.js";
import { ActivityFailedError, runBranches } from "./runBranches.js";
import { errorOfActivityFailure, type StepResult } from "./stepResult.js";

/** Orchestration names, as registered in `src/functions`. */
export const PROVISION = "provision";
export const ROLLBACK = "rollback";

/**
 * The provisioning of one request: resource group → network ‖ registry ‖ disks → cluster (ARM `Succeeded`
 * for it and every pool) → Kubernetes readiness → role assignments → `cluster.provisioned`. Every step is in
 * the custom status; every change is an event. On failure: `cluster.provisioning.failed`, then (when the
 * request says `rollback`) the rollback sub-orchestration and `cluster.rolledback`.
 */
export function* provisionOrchestrator(context: df.OrchestrationContext): Generator<df.Task, ProvisionStatus, unknown> {
  const input = context.df.getInput() as ProvisionInput;
  // The approval wait comes before the lock: it writes nothing, so a long wait holds nothing up.
  if (input.approval) yield* recordProvisionStarted(context, input, { awaitingApproval: true });
  const gate = input.approval ? yield* approvalGate(context, input) : yield* referencesGate(context, input);
  if (!gate.proceed) {
    yield* recordProvisionEnded(context, input, gate.status);
    return gate.status;
  }
  // One mutating operation per cluster: the lock is taken before the first write and released however the run ends.
  const lock = clusterLockId(input.plan.clusterId);
  const me = context.df.instanceId;
  const since = context.df.currentUtcDateTime.toISOString();
  const acquired = (yield context.df.callEntity(lock, "acquire", {
    instanceId: me,
    kind: "provision",
    since,
  })) as AcquireResult;
  if (!acquired.granted) return yield* refuseBusy(context, input, acquired.holder);
  try {
    yield* recordProvisionStarted(context, input);
    return yield* provisionRun(context, input, gate.approval);
  } finally {
    context.df.signalEntity(lock, "release", me);
  }
}

/** A run that found the cluster locked by another operation: nothing is written, and it says who holds it. */
function refuseBusy(
  context: df.OrchestrationContext,
  input: ProvisionInput,
  holder: LockHolder,
): Generator<df.Task, ProvisionStatus, unknown> {
  return refuseRun(context, input, "lock", {
    code: "ClusterBusy",
    message: `${input.plan.clusterId} is being changed by ${holder.kind} ${holder.instanceId} (since ${holder.since}); nothing was written`,
  });
}

function* provisionRun(
  context: df.OrchestrationContext,
  input: ProvisionInput,
  approval?: ApprovalStatus,
): Generator<df.Task, ProvisionStatus, unknown> {
  const { plan, request, settings } = input;
  const startedAt = context.df.currentUtcDateTime;
  const progress = Progress.ofProvisioning(context, plan, initialSteps(plan));
  if (approval) progress.status.approval = approval;
  const run: Run = {
    context,
    progress,
    settings,
    deadline: new Date(startedAt.getTime() + settings.timeoutMinutes * 60_000),
  };
  const retry = armRetry(settings);
  function* stage<R>(branches: Branch<StepResult<R>>[]): Generator<df.Task, StepResult<R>[], unknown> {
    return yield* runBranches(context, branches, {
      retry,
      writeBudget: settings.writeBudget,
      extraCalls: () => progress.outbox.calls(),
      onProgress: () => progress.publishStatus(),
    });
  }
  // The registry records the end before the state turns final: the custom status is the same object, so a state
  // set before that yield would show a run still holding the lock as ended to a client that polls.
  function* finish(state: ProvisionStatus["state"]): Generator<df.Task, ProvisionStatus, unknown> {
    yield* recordProvisionEnded(context, input, { ...progress.status, state });
    progress.setState(state);
    return progress.status;
  }

  progress.event("cluster.provisioning.started", {
    ...(request.requester ? { requester: request.requester } : {}),
    ...(request.cluster.kubernetesVersion ? { kubernetesVersion: request.cluster.kubernetesVersion } : {}),
    nodePoolCount: request.nodePools.length,
  });
  progress.publishStatus();

  // By name: a plan made before the clusterSettings stage existed (a run in flight) has none.
  const [rgStage, depStage, clusterStage, settingsStage, roleStage] = (
    ["resourceGroup", "dependencies", "cluster", "clusterSettings", "roleAssignments"] as const
  ).map((name) => stageOf(plan, name));
  let failure: { step: StepId; error: { code: string; message: string; statusCode?: number } } | undefined;
  let cluster: ClusterReading | undefined;
  let readiness: PoolReadiness[] = [];
  const firstFailure = <R>(results: StepResult<R>[]) =>
    results.find((r) => !r.ok) as Extract<StepResult<R>, { ok: false }> | undefined;
  try {
    failure = firstFailure(
      yield* stage([resourceGroupStep(run, rgStage?.branches[0]?.writes[0] as ResourceGroupWrite)]),
    );
    if (!failure) failure = firstFailure(yield* stage((depStage?.branches ?? []).map((b) => writesStep(run, b))));
    if (!failure) {
      const write = clusterStage?.branches[0]?.writes[0] as ManagedClusterWrite;
      const [result] = yield* stage([clusterStep(run, write)]);
      if (result?.ok) cluster = result.value;
      else failure = result;
      if (cluster) {
        const reading = cluster;
        failure = firstFailure(
          yield* stage(
            (settingsStage?.branches ?? []).map((b) =>
              b.name === "maintenance" ? maintenanceStep(run, b) : roleAssignmentStep(run, b, reading),
            ),
          ),
        );
      }
      if (cluster && !failure) {
        const [ready] = yield* stage([readinessStep(run, targetOf(write), expectedPools(plan))]);
        if (ready?.ok) readiness = ready.value;
        else failure = ready;
      }
    }
    if (!failure && cluster) {
      const reading = cluster;
      failure = firstFailure(yield* stage((roleStage?.branches ?? []).map((b) => roleAssignmentStep(run, b, reading))));
    }
  } catch (error) {
    if (!(error instanceof ActivityFailedError)) throw error;
    failure = { step: error.step ?? currentStep(progress.status), error: errorOfActivityFailure(error.failure) };
  }

  if (!failure && cluster) {
    const registryTarget = plan.references.registryId ? registryTargetOf(plan.references.registryId) : undefined;
    const registry = registryTarget
      ? ((yield context.df.callActivityWithRetry("readRegistry", retry, registryTarget)) as { loginServer?: string })
      : {};
    const outputs = {
      ...outputsOf(input, cluster, readiness),
      ...(registry.loginServer ? { registryLoginServer: registry.loginServer } : {}),
    };
    progress.status.outputs = outputs;
    progress.event("cluster.provisioned", {
      kubernetesVersion: outputs.kubernetesVersion,
      ...(outputs.fqdn ? { fqdn: outputs.fqdn } : {}),
      nodePools: outputs.pools.map(({ readyNodes: _, ...pool }): NodePoolSummary => pool),
      ...(outputs.registryLoginServer ? { registryLoginServer: outputs.registryLoginServer } : {}),
      durationSeconds: Math.round((context.df.currentUtcDateTime.getTime() - startedAt.getTime()) / 1000),
    });
    yield* progress.deliver();
    return yield* finish("succeeded");
  }

  const failed = failure ?? {
    step: "cluster" as StepId,
    error: { code: "Unknown", message: "the cluster could not be read" },
  };
  if (progress.status.steps.find((s) => s.id === failed.step)?.state !== "failed")
    progress.failed(failed.step, failed.error);
  progress.skipPending();
  progress.status.failure = { step: failed.step, error: failed.error };
  const rollback = request.onFailure === "rollback";
  progress.event("cluster.provisioning.failed", {
    step: failed.step,
    error: failed.error,
    rollbackRequested: rollback,
  });
  // The state turns final only once every event is out: a client that sees it can count on the events.
  yield* progress.deliver();
  if (!rollback) return yield* finish("failed");

  const rollbackInput: RollbackInput = {
    requestId: plan.requestId,
    stages: deleteStages(plan, progress.status.created),
    settings,
  };
  const report = (yield context.df.callSubOrchestrator(
    ROLLBACK,
    rollbackInput,
    `${context.df.instanceId}:rollback`,
  )) as RollbackReport;
  progress.status.rollback = report;
  progress.event("cluster.rolledback", { deletedResourceIds: report.deletedResourceIds, failures: report.failures });
  yield* progress.deliver();
  return yield* finish(report.failures.length === 0 ? "rolledBack" : "failed");
}

/** The step running when an activity failed for good without naming its step. */
function currentStep(status: ProvisionStatus): StepId {
  return status.steps.find((s) => s.state === "running" || s.state === "waiting")?.id ?? "resourceGroup";
}

function outputsOf(input: ProvisionInput, cluster: ClusterReading, readiness: PoolReadiness[]): ProvisionOutputs {
  const { plan } = input;
  return {
    clusterId: plan.clusterId,
    ...(cluster.fqdn ? { fqdn: cluster.fqdn } : {}),
    nodeResourceGroup: cluster.nodeResourceGroup ?? plan.nodeResourceGroup,
    ...(cluster.kubeletObjectId ? { kubeletIdentityObjectId: cluster.kubeletObjectId } : {}),
    diskIds: plan.references.diskIds,
    pools: cluster.pools.map((p) => ({
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      count: p.count,
      ...(p.minCount !== undefined ? { minCount: p.minCount, maxCount: p.maxCount } : {}),
      readyNodes: readiness.find((r) => r.name === p.name)?.readyNodes ?? 0,
    })),
    kubernetesVersion: cluster.kubernetesVersion ?? "",
  };
}
