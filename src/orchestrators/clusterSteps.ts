import type { ClusterReading, ExpectedPool, PoolReadiness } from "../activities/index.js";
import {
  type ManagedClusterWrite,
  type NodePoolSummary,
  type ProvisioningPlan,
  type ResourceTarget,
  writeOf,
} from "../request/index.js";
import { type Branch, call, sleepUntil } from "./activityCalls.js";
import { nextLook, pastDeadline, type Run, timedOut, writeAndWait } from "./armSteps.js";
import type { TrackedStatus } from "./progress.js";
import { azureError, fail, ok, type StepResult } from "./stepResult.js";

/**
 * The cluster step: the PUT with its node pools, then until ARM says `Succeeded` for the cluster *and*
 * every pool (a cluster can finish while a pool is still creating, and a failed pool stays failed).
 */
export function* clusterStep(run: Run<TrackedStatus>, write: ManagedClusterWrite): Branch<StepResult<ClusterReading>> {
  const written = yield* writeAndWait(run, "cluster", write);
  if (!written.ok) return written;
  const target = written.value;
  for (;;) {
    const read = yield* call("readCluster", target, "cluster");
    if (!read.found) {
      const error = read.error
        ? azureError(read.error)
        : { code: "ResourceNotFound", message: `${target.resourceId} is gone` };
      return fail("cluster", error);
    }
    const { cluster } = read;
    const failedPool = cluster.pools.find((p) => p.provisioningState === "Failed");
    if (failedPool || cluster.provisioningState === "Failed") {
      const what = failedPool ? `node pool ${failedPool.name}` : "the cluster";
      return fail("cluster", { code: "ProvisioningFailed", message: `${what} is Failed in ARM` });
    }
    const pending = cluster.pools.filter((p) => p.provisioningState !== "Succeeded");
    if (cluster.provisioningState === "Succeeded" && pending.length === 0) {
      run.progress.succeeded("cluster", undefined, "Succeeded");
      return ok(cluster);
    }
    const lastSeen = `cluster ${cluster.provisioningState}; ${pending.map((p) => `${p.name} ${p.provisioningState}`).join(", ")}`;
    run.progress.waiting("cluster", lastSeen);
    if (pastDeadline(run)) return timedOut(run, "cluster", target.resourceId, lastSeen);
    yield* sleepUntil(nextLook(run));
  }
}

/** What each pool must show in Kubernetes: its count (an autoscaled pool's minimum), labels and taints. */
export function expectedPools(plan: ProvisioningPlan): ExpectedPool[] {
  const cluster = writeOf(plan, "managedCluster");
  return (cluster?.body.agentPoolProfiles ?? []).map((p) => ({
    name: p.name,
    nodes: (p.enableAutoScaling ? p.minCount : p.count) ?? 1,
    labels: p.nodeLabels ?? {},
    taints: p.nodeTaints ?? [],
  }));
}

/**
 * What each pool must show in Kubernetes after day-2 changes: the pools ARM has now (a scale or pool add/remove since
 * the provisioning changed them), each at its count (an autoscaled pool's minimum), with the plan's labels and
 * taints for the pools the request made.
 */
export function expectedLivePools(plan: ProvisioningPlan, live: readonly NodePoolSummary[]): ExpectedPool[] {
  const planned = new Map(expectedPools(plan).map((p) => [p.name, p]));
  return live.map((p) => ({
    name: p.name,
    nodes: p.minCount ?? p.count,
    labels: planned.get(p.name)?.labels ?? {},
    taints: planned.get(p.name)?.taints ?? [],
  }));
}

/**
 * The readiness step: ARM's word is not enough (nodes can still be NotReady), so the orchestration asks the
 * cluster itself until `/readyz` answers and every pool has its Ready nodes with their labels and taints.
 */
export function* readinessStep(
  run: Run<TrackedStatus>,
  target: ResourceTarget,
  pools: ExpectedPool[],
): Branch<StepResult<PoolReadiness[]>> {
  run.progress.started("readiness", target.resourceId, false);
  for (;;) {
    const seen = yield* call("checkReadiness", { target, pools }, "readiness");
    if (seen.outcome === "failed") return fail("readiness", azureError(seen.error));
    if (seen.ready) {
      run.progress.succeeded("readiness", undefined, seen.summary);
      return ok(seen.pools);
    }
    run.progress.waiting("readiness", seen.summary);
    if (pastDeadline(run)) return timedOut(run, "readiness", `Ready nodes on ${target.name}`, seen.summary);
    yield* sleepUntil(nextLook(run));
  }
}
