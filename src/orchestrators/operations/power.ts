import type { ClusterReading } from "../../activities/index.js";
import { type Branch, call, sleepUntil } from "../activityCalls.js";
import { nextLook, pastDeadline, timedOut } from "../armSteps.js";
import { expectedLivePools, readinessStep } from "../clusterSteps.js";
import { azureError, fail, ok, type StepResult } from "../stepResult.js";
import type { OperationRun } from "./operationRun.js";

/**
 * Stops or starts the cluster (AKS's `stop`/`start`, long-running), then — for a start — waits until its nodes
 * are Ready again. A cluster already in the asked power state needs no write.
 */
export function* powerOperation(
  op: OperationRun,
  action: "stop" | "start",
): Branch<StepResult<Record<string, unknown>>> {
  const { run, cluster } = op;
  const { progress } = run;
  progress.addSteps([
    { id: "power", resourceId: cluster.resourceId },
    ...(action === "start" ? [{ id: "readiness" as const, resourceId: cluster.resourceId }] : []),
  ]);
  progress.started("power", cluster.resourceId);
  const wanted = action === "stop" ? "Stopped" : "Running";
  const before = yield* readCluster(op);
  if (!before.ok) return before;
  if (before.value.powerState !== wanted) {
    const started = yield* call("startPowerAction", { target: cluster, action }, "power");
    if (started.outcome === "failed") return fail("power", azureError(started.error));
    if (started.outcome === "started") {
      let ref = started.ref;
      for (;;) {
        const polled = yield* call("pollOperation", ref, "power");
        if (polled.outcome === "succeeded") break;
        if (polled.outcome === "failed") return fail("power", azureError(polled.error));
        ref = polled.ref;
        progress.waiting("power", polled.state ?? (action === "stop" ? "Stopping" : "Starting"));
        if (pastDeadline(run)) return timedOut(run, "power", cluster.resourceId, polled.state);
        yield* sleepUntil(nextLook(run, polled.retryAfterSeconds));
      }
    }
  }
  const after = yield* readCluster(op);
  if (!after.ok) return after;
  if (after.value.powerState !== wanted)
    return fail("power", {
      code: "UnexpectedPowerState",
      message: `the cluster is ${after.value.powerState}, not ${wanted}`,
    });
  progress.succeeded("power", undefined, wanted);
  if (action === "start") {
    // The pools as they are now, not as provisioned: a scale or pool add/remove may have changed them since.
    const ready = yield* readinessStep(run, cluster, expectedLivePools(op.input.plan, after.value.pools));
    if (!ready.ok) return ready;
  }
  return ok({ powerState: wanted });
}

function* readCluster(op: OperationRun): Branch<StepResult<ClusterReading>> {
  const read = yield* call("readCluster", op.cluster, "power");
  if (read.found) return ok(read.cluster);
  return fail(
    "power",
    read.error
      ? azureError(read.error)
      : { code: "ResourceNotFound", message: `${op.cluster.resourceId} does not exist` },
  );
}
