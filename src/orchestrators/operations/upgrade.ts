import type { ClusterReading, StartOutcome } from "../../activities/index.js";
import {
  isTerminalState,
  poolPutBase,
  poolUpgradeBody,
  type StepId,
  stepId,
  type UpgradeBody,
} from "../../request/index.js";
import { type Branch, call, sleepUntil } from "../activityCalls.js";
import { nextLook, pastDeadline, pollToEnd, readClusterStep, timedOut } from "../armSteps.js";
import { azureError, fail, ok, type StepResult } from "../stepResult.js";
import type { OperationRun } from "./operationRun.js";

/** The upgrade's body as intake resolved it: the version asked for, the offered version it means, the surge. */
export interface UpgradeInput extends UpgradeBody {
  /** The offered version the upgrade goes to (a minor asked for means its latest offered patch). */
  version: string;
  fromVersion?: string;
}

/**
 * Upgrades the cluster: the control plane first (a PUT of the live cluster with only its version changed,
 * every pool named at the version it runs), then each pool in turn (an agent-pool PUT with its version and
 * surge). Each write waits until ARM reports the cluster and every pool in a terminal state before the next.
 */
export function* upgradeOperation(op: OperationRun): Branch<StepResult<Record<string, unknown>>> {
  const { run, cluster } = op;
  const { progress } = run;
  const body = op.input.body as UpgradeInput;
  const before = yield* readClusterStep(op.cluster, "controlPlane");
  if (!before.ok) return before;
  const pools = before.value.pools.map((p) => p.name);
  progress.addSteps([
    { id: "controlPlane", resourceId: cluster.resourceId },
    ...pools.map((name) => ({ id: stepId("pool", name), resourceId: `${cluster.resourceId}/agentPools/${name}` })),
  ]);

  progress.started("controlPlane", cluster.resourceId);
  const settled = yield* settle(op, "controlPlane", before.value);
  if (!settled.ok) return settled;
  if (settled.value.kubernetesVersion !== body.version) {
    const started = yield* call("startControlPlaneUpgrade", { target: cluster, version: body.version }, "controlPlane");
    const done = yield* waitFor(op, "controlPlane", started);
    if (!done.ok) return done;
  }
  const afterControlPlane = yield* readClusterStep(op.cluster, "controlPlane");
  if (!afterControlPlane.ok) return afterControlPlane;
  if (afterControlPlane.value.kubernetesVersion !== body.version)
    return fail("controlPlane", {
      code: "UnexpectedVersion",
      message: `the control plane runs ${afterControlPlane.value.kubernetesVersion}, not ${body.version}`,
    });
  progress.succeeded("controlPlane", undefined, body.version);

  let last = afterControlPlane.value;
  for (const name of pools) {
    const step = stepId("pool", name);
    progress.started(step, `${cluster.resourceId}/agentPools/${name}`);
    if (last.pools.find((p) => p.name === name)?.version !== body.version) {
      const live = yield* call("readAgentPool", { target: cluster, pool: name }, step);
      if (!live.found)
        return fail(
          step,
          live.error ? azureError(live.error) : { code: "UnknownAgentPool", message: `pool ${name} is gone` },
        );
      // The live pool less what AKS fills itself, as a scale sends it.
      const upgraded = poolUpgradeBody(poolPutBase(live.live.pool), body.version, body.maxSurge);
      const started = yield* call("startAgentPoolPut", { target: cluster, pool: name, body: upgraded }, step);
      const done = yield* waitFor(op, step, started);
      if (!done.ok) return done;
      last = done.value;
    }
    const version = last.pools.find((p) => p.name === name)?.version;
    if (version !== body.version)
      return fail(step, { code: "UnexpectedVersion", message: `pool ${name} runs ${version}, not ${body.version}` });
    progress.succeeded(step, undefined, body.version);
  }
  return ok({
    fromVersion: body.fromVersion ?? before.value.kubernetesVersion,
    toVersion: body.version,
    nodePools: last.pools.map((p) => ({ name: p.name, version: p.version ?? body.version })),
  });
}

/** Polls a started write to its end, then waits until ARM shows nothing running on the cluster. */
function* waitFor(op: OperationRun, step: StepId, started: StartOutcome): Branch<StepResult<ClusterReading>> {
  const { run } = op;
  const written = yield* pollToEnd(run, step, started, "Upgrading");
  if (!written.ok) return written;
  const read = yield* readClusterStep(op.cluster, step);
  if (!read.ok) return read;
  return yield* settle(op, step, read.value);
}

/** Waits (on durable timers) until the cluster and every pool are in a terminal provisioning state. */
function* settle(op: OperationRun, step: StepId, reading: ClusterReading): Branch<StepResult<ClusterReading>> {
  const { run } = op;
  let now = reading;
  for (;;) {
    const busy = [now.provisioningState, ...now.pools.map((p) => p.provisioningState)].find((s) => !isTerminalState(s));
    if (busy === undefined) {
      if (now.provisioningState?.toLowerCase() === "failed")
        return fail(step, { code: "ProvisioningFailed", message: `${op.cluster.resourceId} is Failed` });
      return ok(now);
    }
    run.progress.waiting(step, busy);
    if (pastDeadline(run)) return timedOut(run, step, op.cluster.resourceId, busy);
    yield* sleepUntil(nextLook(run));
    const read = yield* readClusterStep(op.cluster, step);
    if (!read.ok) return read;
    now = read.value;
  }
}
