import type { ClusterReading, StartOutcome } from "../../activities/index.js";
import { type StepId, stepId, type UpgradeBody } from "../../request/index.js";
import { type Branch, call, sleepUntil } from "../activityCalls.js";
import { nextLook, pastDeadline, timedOut } from "../armSteps.js";
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
  const before = yield* readCluster(op, "controlPlane");
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
  const afterControlPlane = yield* readCluster(op, "controlPlane");
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
      const started = yield* call(
        "startPoolUpgrade",
        {
          target: cluster,
          pool: name,
          version: body.version,
          ...(body.maxSurge ? { maxSurge: body.maxSurge } : {}),
        },
        step,
      );
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

const TERMINAL = new Set(["succeeded", "failed", "canceled", "cancelled"]);
const isTerminalState = (state: string | undefined) => state === undefined || TERMINAL.has(state.toLowerCase());

/** Polls a started write to its end, then waits until ARM shows nothing running on the cluster. */
function* waitFor(op: OperationRun, step: StepId, started: StartOutcome): Branch<StepResult<ClusterReading>> {
  const { run } = op;
  if (started.outcome === "failed") return fail(step, azureError(started.error));
  if (started.outcome === "started") {
    let ref = started.ref;
    for (;;) {
      const polled = yield* call("pollOperation", ref, step);
      if (polled.outcome === "succeeded") break;
      if (polled.outcome === "failed") return fail(step, azureError(polled.error));
      ref = polled.ref;
      run.progress.waiting(step, polled.state ?? "Upgrading");
      if (pastDeadline(run)) return timedOut(run, step, op.cluster.resourceId, polled.state);
      yield* sleepUntil(nextLook(run, polled.retryAfterSeconds));
    }
  }
  const read = yield* readCluster(op, step);
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
    const read = yield* readCluster(op, step);
    if (!read.ok) return read;
    now = read.value;
  }
}

function* readCluster(op: OperationRun, step: StepId): Branch<StepResult<ClusterReading>> {
  const read = yield* call("readCluster", op.cluster, step);
  if (read.found) return ok(read.cluster);
  return fail(
    step,
    read.error
      ? azureError(read.error)
      : { code: "ResourceNotFound", message: `${op.cluster.resourceId} does not exist` },
  );
}
