import type { Activities } from "../activities/index.js";
import type { StepId } from "../request/index.js";

/** An activity's name: a key of the activities object, so a rename breaks the build, not a run. */
export type ActivityName = keyof Activities;
/** What an activity takes. */
export type ActivityInput<K extends ActivityName> = Parameters<Activities[K]>[0];
/** What an activity returns (after the JSON round trip, which these types survive). */
export type ActivityOutput<K extends ActivityName> = Awaited<ReturnType<Activities[K]>>;

/**
 * What a branch of an orchestration asks its runner for: an activity call or a pause until a time. Branches
 * yield these rather than Durable tasks so the runner can batch every branch's calls into one `Task.all`
 * and every branch's pause into one timer, yielding each task exactly once (a task handed to a second
 * `Task.any`/`Task.all` is scheduled again by the out-of-process protocol: azure-functions-durable-js#574).
 */
export type Need =
  | { kind: "activity"; name: ActivityName; input: unknown; step?: StepId; writes?: WriteCost }
  | { kind: "subOrchestration"; name: string; input: unknown; instanceId: string; step?: StepId }
  | { kind: "sleep"; until: Date };

/** The ARM writes an activity call may send, drawn from the subscription's write budget before it runs. */
export interface WriteCost {
  subscriptionId: string;
  count: number;
}

// The activities that write to ARM, and the subscription each call's input writes to (a role assignment's is
// its scope's). ARM counts every request but GET/HEAD as a write, so the readiness check's credential POST draws
// too, and so does a run's registry name check. Reads and polls draw nothing.
const WRITERS: Partial<Record<ActivityName, (input: never) => string | undefined>> = {
  ensureResourceGroup: (w: { subscriptionId: string }) => w.subscriptionId,
  startVirtualNetwork: (w: { subscriptionId: string }) => w.subscriptionId,
  startRegistry: (w: { subscriptionId: string }) => w.subscriptionId,
  startReplication: (w: { subscriptionId: string }) => w.subscriptionId,
  startDisk: (w: { subscriptionId: string }) => w.subscriptionId,
  startClusterCreate: (w: { subscriptionId: string }) => w.subscriptionId,
  putMaintenanceConfiguration: (w: { subscriptionId: string }) => w.subscriptionId,
  startPowerAction: (i: { target: { subscriptionId: string } }) => i.target.subscriptionId,
  startControlPlaneUpgrade: (i: { target: { subscriptionId: string } }) => i.target.subscriptionId,
  startAgentPoolPut: (i: { target: { subscriptionId: string } }) => i.target.subscriptionId,
  startAgentPoolDelete: (i: { target: { subscriptionId: string } }) => i.target.subscriptionId,
  checkReadiness: (i: { target: { subscriptionId: string } }) => i.target.subscriptionId,
  assignRole: (i: { write: { scope: string } }) => /^\/subscriptions\/([^/]+)/i.exec(i.write.scope)?.[1],
  startDelete: (i: { target: { subscriptionId: string } }) => i.target.subscriptionId || undefined,
  checkRegistryName: (p: { subscriptionId: string }) => p.subscriptionId,
};

/** What a call of `name` with `input` costs the write budget (nothing for reads). */
export function writeCostOf(name: ActivityName, input: unknown): WriteCost | undefined {
  const subscriptionOf = WRITERS[name] as ((i: unknown) => string | undefined) | undefined;
  const subscriptionId = subscriptionOf?.(input);
  return subscriptionId ? { subscriptionId, count: 1 } : undefined;
}

/** A branch: a generator of needs that receives each activity's output and returns its result. */
export type Branch<R> = Generator<Need, R, unknown>;

/** Calls activity `name` (through the runner, with the orchestration's retry policy) and returns its output. */
export function* call<K extends ActivityName>(
  name: K,
  input: ActivityInput<K>,
  step?: StepId,
): Generator<Need, ActivityOutput<K>, unknown> {
  const writes = writeCostOf(name, input);
  return (yield {
    kind: "activity",
    name,
    input,
    ...(step ? { step } : {}),
    ...(writes ? { writes } : {}),
  }) as ActivityOutput<K>;
}

/**
 * Runs orchestration `name` as a sub-orchestration under `instanceId` (deterministic, so a replay finds it again)
 * in the runner's next batch, and returns its output. It does its own retries; one that fails fails the branch's
 * run like an activity whose retries are spent.
 */
export function* subOrchestrate<R>(
  name: string,
  input: unknown,
  instanceId: string,
  step?: StepId,
): Generator<Need, R, unknown> {
  return (yield { kind: "subOrchestration", name, input, instanceId, ...(step ? { step } : {}) }) as R;
}

/** Pauses the branch until `until` (a durable timer shared with the other branches). */
export function* sleepUntil(until: Date): Generator<Need, void, unknown> {
  yield { kind: "sleep", until };
}
