import type { AgentPool } from "@azure/arm-containerservice";
import type { LivePool } from "../../activities/index.js";
import {
  type NodePoolSummary,
  type PoolAddBody,
  type ScaleBody,
  type StepId,
  scaleWrites,
  stepId,
} from "../../request/index.js";
import { type Branch, call } from "../activityCalls.js";
import { pollToEnd } from "../armSteps.js";
import { readinessStep } from "../clusterSteps.js";
import { azureError, fail, ok, type StepResult } from "../stepResult.js";
import type { OperationRun } from "./operationRun.js";

/** What a scale did to one pool (the `cluster.scaled` event's data). */
export interface PoolScaled {
  name: string;
  fromCount: number;
  toCount: number;
  minCount?: number;
  maxCount?: number;
}

/**
 * Scales pools: each pool's live GET, then its agent-pool PUTs (built from that GET: only the count or the
 * autoscale bounds change; with autoscaling on no `count` is sent), each polled to ARM's terminal state.
 *
 * The pools run one after the other, not in parallel: AKS refuses a write to any pool while another pool of the
 * cluster is still changing (409 OperationNotAllowed), and the sandbox does the same (`assertNotBusy` looks at every
 * pool), so parallel PUTs would only trade a wait for a 409 and a retry.
 */
export function* scaleOperation(op: OperationRun): Branch<StepResult<Record<string, unknown>>> {
  const { run } = op;
  const body = op.input.body as ScaleBody;
  const names = Object.keys(body.pools);
  run.progress.addSteps(names.map((name) => ({ id: stepId("pool", name), resourceId: poolId(op, name) })));
  const scaled: PoolScaled[] = [];
  for (const name of names) {
    const step = stepId("pool", name);
    const target = body.pools[name] as ScaleBody["pools"][string];
    run.progress.started(step, poolId(op, name));
    const before = yield* readPool(op, name, step);
    if (!before.ok) return before;
    for (const write of scaleWrites(before.value.pool, target)) {
      const written = yield* putPool(op, name, write, step);
      if (!written.ok) return written;
    }
    const after = yield* readPool(op, name, step);
    if (!after.ok) return after;
    const { summary } = after.value;
    run.progress.succeeded(step, undefined, describe(summary));
    scaled.push({
      name,
      fromCount: before.value.summary.count,
      toCount: summary.count,
      ...(summary.minCount !== undefined ? { minCount: summary.minCount, maxCount: summary.maxCount } : {}),
    });
  }
  const pools = yield* readPools(op);
  return ok({ scaled, ...(pools ? { pools } : {}) });
}

/** Adds a pool (its body validated and built at intake), then waits until its nodes are Ready. */
export function* poolAddOperation(op: OperationRun): Branch<StepResult<Record<string, unknown>>> {
  const { run, cluster } = op;
  const add = op.input.body as PoolAddBody;
  const step = stepId("pool", add.name);
  run.progress.addSteps([
    { id: step, resourceId: poolId(op, add.name) },
    { id: "readiness", resourceId: cluster.resourceId },
  ]);
  run.progress.started(step, poolId(op, add.name));
  const existing = yield* call("readAgentPool", { target: cluster, pool: add.name }, step);
  if (existing.found)
    return fail(step, { code: "DuplicateAgentPoolName", message: `pool '${add.name}' exists already` });
  if (existing.error) return fail(step, azureError(existing.error));
  const written = yield* putPool(op, add.name, add.body, step);
  if (!written.ok) return written;
  run.progress.status.created.push({ ...cluster, resourceId: poolId(op, add.name), name: add.name });
  const after = yield* readPool(op, add.name, step);
  if (!after.ok) return after;
  run.progress.succeeded(step, undefined, describe(after.value.summary));
  const nodes = add.summary.minCount ?? add.summary.count;
  const ready = yield* readinessStep(run, cluster, [{ name: add.name, nodes, labels: add.labels, taints: add.taints }]);
  if (!ready.ok) return ready;
  const pools = yield* readPools(op);
  return ok({ nodePool: after.value.summary, ...(pools ? { pools } : {}) });
}

/** Removes a pool (checked at intake: not the last System pool); a pool already gone is removed. */
export function* poolRemoveOperation(op: OperationRun): Branch<StepResult<Record<string, unknown>>> {
  const { run, cluster } = op;
  const { name } = op.input.body as { name: string };
  const step = stepId("pool", name);
  run.progress.addSteps([{ id: step, resourceId: poolId(op, name) }]);
  run.progress.started(step, poolId(op, name));
  const started = yield* call("startAgentPoolDelete", { target: cluster, pool: name }, step);
  const waited = yield* pollToEnd(run, step, started, "Deleting");
  if (!waited.ok) return waited;
  run.progress.succeeded(step, undefined, "Deleted");
  const pools = yield* readPools(op);
  return ok({ nodePool: name, ...(pools ? { pools } : {}) });
}

function poolId(op: OperationRun, name: string): string {
  return `${op.cluster.resourceId}/agentPools/${name}`;
}

function describe(p: NodePoolSummary): string {
  return p.minCount !== undefined ? `${p.count} nodes, autoscale ${p.minCount}–${p.maxCount}` : `${p.count} nodes`;
}

function* readPool(op: OperationRun, name: string, step: StepId): Branch<StepResult<LivePool>> {
  const read = yield* call("readAgentPool", { target: op.cluster, pool: name }, step);
  if (read.found) return ok(read.live);
  return fail(
    step,
    read.error
      ? azureError(read.error)
      : { code: "UnknownAgentPool", message: `'${name}' is not a pool of ${op.cluster.name} (any more)` },
  );
}

/** Every pool as it is after the operation (for the status API); undefined when the read failed. */
function* readPools(op: OperationRun): Branch<NodePoolSummary[] | undefined> {
  const read = yield* call("readAgentPools", op.cluster);
  return read.found ? read.pools : undefined;
}

function* putPool(op: OperationRun, name: string, body: AgentPool, step: StepId): Branch<StepResult<true>> {
  const started = yield* call("startAgentPoolPut", { target: op.cluster, pool: name, body }, step);
  return yield* pollToEnd(op.run, step, started, "Updating");
}
