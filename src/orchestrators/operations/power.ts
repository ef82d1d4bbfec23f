import { type Branch, call } from "../activityCalls.js";
import { pollToEnd, readClusterStep } from "../armSteps.js";
import { expectedLivePools, readinessStep } from "../clusterSteps.js";
import { fail, ok, type StepResult } from "../stepResult.js";
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
  const before = yield* readClusterStep(cluster, "power");
  if (!before.ok) return before;
  if (before.value.powerState !== wanted) {
    const started = yield* call("startPowerAction", { target: cluster, action }, "power");
    const done = yield* pollToEnd(run, "power", started, action === "stop" ? "Stopping" : "Starting");
    if (!done.ok) return done;
  }
  const after = yield* readClusterStep(cluster, "power");
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
