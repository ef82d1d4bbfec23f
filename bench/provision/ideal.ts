// The ideal timeline of a plan under a latency profile: what ARM itself needs, from the sandbox's own
// operation timings (`durationMs(kind, operationDurationKey(resourceId, operationKind), …)`, the functions the
// sandbox derives every operation's duration with), with no client overhead and no polling delay.

import type { DurationInputs } from "../../sandbox/arm/engine/latency.js";
import { type DurationKind, durationMs, operationDurationKey } from "../../sandbox/arm/index.js";
import {
  type ArmWrite,
  type ManagedClusterWrite,
  type PlanStage,
  type ProvisioningPlan,
  stageOf,
} from "../../src/request/index.js";

/** What ARM needs for each stage of a plan, in ms of the sandbox clock. */
export interface IdealTimeline {
  /** The resource group PUT is synchronous. */
  resourceGroupMs: 0;
  /** Each dependency branch (its writes one after the other: a registry, then its replicas). */
  dependencyMs: Record<string, number>;
  /** The cluster PUT with its node pools (they reach Succeeded with the cluster). */
  clusterMs: number;
  /** After the cluster: the slowest pool's nodes turning Ready (`nodeReady` after their pool succeeds). */
  nodesReadyMs: number;
  /** Role assignment PUTs are synchronous. */
  roleAssignmentsMs: 0;
  /** RG → max(dependency branches) → cluster → nodes Ready → role assignments: the critical path. */
  criticalPathMs: number;
  /** The same operations one after the other: what a script that awaits each one needs at best. */
  sequentialMs: number;
}

// The operation kind (jitter key) and duration kind of each long-running PUT in a plan.
const OPERATION: Partial<Record<ArmWrite["kind"], { op: string; duration: DurationKind }>> = {
  virtualNetwork: { op: "provision", duration: "virtualNetwork" },
  registry: { op: "provision", duration: "registry" },
  replication: { op: "provision", duration: "replication" },
  disk: { op: "provision", duration: "disk" },
  managedCluster: { op: "clusterPut", duration: "clusterCreate" },
};

function writeMs(write: ArmWrite, inputs: DurationInputs): number {
  const timing = OPERATION[write.kind];
  if (!timing || write.kind === "roleAssignment") return 0;
  return durationMs(timing.duration, operationDurationKey(write.resourceId, timing.op), inputs);
}

/** The ideal timeline of `plan` under `inputs` (profile, timeScale, seed: the sandbox's own settings). */
export function idealTimeline(plan: ProvisioningPlan, inputs: DurationInputs): IdealTimeline {
  const stage = (name: PlanStage["name"]) => stageOf(plan, name)?.branches ?? [];
  const dependencyMs = Object.fromEntries(
    stage("dependencies").map((b) => [b.name, b.writes.reduce((sum, w) => sum + writeMs(w, inputs), 0)]),
  );
  const cluster = stage("cluster")[0]?.writes[0] as ManagedClusterWrite;
  const clusterMs = writeMs(cluster, inputs);
  // Nodes turn Ready `nodeReady` after their pool succeeds, keyed by the pool's id (effects.ts).
  const pools = cluster.body.agentPoolProfiles ?? [];
  const nodesReadyMs = Math.max(
    0,
    ...pools.map((p) => durationMs("nodeReady", `${cluster.resourceId}/agentPools/${p.name}`, inputs)),
  );
  const deps = Object.values(dependencyMs);
  return {
    resourceGroupMs: 0,
    dependencyMs,
    clusterMs,
    nodesReadyMs,
    roleAssignmentsMs: 0,
    criticalPathMs: Math.max(0, ...deps) + clusterMs + nodesReadyMs,
    sequentialMs: deps.reduce((a, b) => a + b, 0) + clusterMs + nodesReadyMs,
  };
}
