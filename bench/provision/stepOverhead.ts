// The orchestration overhead per step of the concurrency benchmark (docs/performance.md §3), from the sandbox's
// call log, its operations and each run's Durable history. Pure: unit-tested in test/unit/bench/stepOverhead.test.ts.
import type { CallRecord } from "../../sandbox/arm/policies/callLog.js";

/** What a step's timing needs of one ARM call (the call log's record). */
export type TimedCall = Pick<CallRecord, "atMs" | "durationMs" | "method" | "path" | "status" | "clientRequestId">;

/** What it needs of one asynchronous operation the sandbox ran (`GET /_sandbox/state`'s `operations`). */
export interface FinishedOperation {
  id: string;
  status: string;
  clientRequestId?: string;
  endedAtMs?: number;
}

/** One step: an ARM finish of a run and the first write the run sent after it. */
export interface StepGap {
  finishedAtMs: number;
  writeAtMs: number;
  gapMs: number;
  /** The run slept on a durable timer in between: the write budget held the write back. */
  held: boolean;
}

/** The resource group a call's path names (lower case), the run it belongs to in the benchmark. */
export function resourceGroupOf(path: string): string | undefined {
  return /\/resourcegroups\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
}

/**
 * When ARM finished each successful write (ms): the answer of the first poll of its operation sent once the
 * operation had ended — the one that saw `Succeeded` (the sandbox completes operations lazily, at the next call) —
 * or, for a write that ran no operation, its own response. A write is matched to its operation by the
 * `x-ms-client-request-id` the SDK sends (the same on its retries).
 */
export function armFinishes(
  writes: readonly TimedCall[],
  reads: readonly TimedCall[],
  operations: readonly FinishedOperation[],
): number[] {
  const byClientRequest = new Map(operations.filter((o) => o.clientRequestId).map((o) => [o.clientRequestId, o]));
  const pollsOf = new Map<string, TimedCall[]>();
  for (const r of reads) {
    const last = r.path.slice(r.path.lastIndexOf("/") + 1).toLowerCase();
    pollsOf.set(last, [...(pollsOf.get(last) ?? []), r]);
  }
  const finishes: number[] = [];
  for (const w of writes) {
    if (w.status >= 300) continue;
    const op = w.clientRequestId === undefined ? undefined : byClientRequest.get(w.clientRequestId);
    if (!op) {
      finishes.push(w.atMs + w.durationMs);
      continue;
    }
    if (op.status !== "Succeeded" || op.endedAtMs === undefined) continue;
    const ended = op.endedAtMs;
    const seen = (pollsOf.get(op.id.toLowerCase()) ?? [])
      .filter((p) => p.atMs >= ended && p.status === 200)
      .sort((a, b) => a.atMs - b.atMs)[0];
    if (seen) finishes.push(seen.atMs + seen.durationMs);
  }
  return finishes.sort((a, b) => a - b);
}

/** The first attempt of each write (the SDK retries a 429 under the same client request id), by time. */
export function firstAttempts<T extends TimedCall>(writes: readonly T[]): T[] {
  const first = new Map<string, T>();
  for (const w of [...writes].sort((a, b) => a.atMs - b.atMs)) {
    const key = w.clientRequestId ?? `${w.method} ${w.path} ${w.atMs}`;
    if (!first.has(key)) first.set(key, w);
  }
  return [...first.values()];
}

/**
 * The steps of one run: each write that is the first the run sent after an ARM finish, timed from the latest
 * finish before it. Writes of a parallel stage after its first one are not steps of their own (nothing finished
 * in between). `sleeps` are the times the run created a durable timer; one between the finish and the write means
 * the budget held it back (the run polls nothing then: every operation of the stage before had finished).
 */
export function stepGaps(
  finishes: readonly number[],
  writes: readonly number[],
  sleeps: readonly number[] = [],
): StepGap[] {
  const ends = [...finishes].sort((a, b) => a - b);
  const sent = [...writes].sort((a, b) => a - b);
  const gaps: StepGap[] = [];
  let previousWrite = Number.NEGATIVE_INFINITY;
  for (const writeAtMs of sent) {
    const finishedAtMs = ends.filter((f) => f < writeAtMs).at(-1);
    if (finishedAtMs !== undefined && finishedAtMs > previousWrite) {
      const held = sleeps.some((s) => s > finishedAtMs && s < writeAtMs);
      gaps.push({ finishedAtMs, writeAtMs, gapMs: writeAtMs - finishedAtMs, held });
    }
    previousWrite = writeAtMs;
  }
  return gaps;
}

/** One event of a run's Durable history: its type and time (ms). */
export interface HistoryMark {
  type: string;
  atMs: number;
}

/** Where a step's time went, from the run's Durable history (ms). */
export interface StepPhases {
  /** ARM's finish → the activity that saw it completed (its result journaled for the orchestrator). */
  toOrchestratorMs: number;
  /** → the orchestrator scheduled the write's activity (replay, the batch's other tasks, the budget entity). */
  inOrchestratorMs: number;
  /** → the write reached ARM (the activity's dispatch and what it does before its PUT). */
  toArmMs: number;
}

/** A step's phases: split at the first `TaskCompleted` after the finish and the last `TaskScheduled` before the write. */
export function stepPhases(step: StepGap, history: readonly HistoryMark[]): StepPhases | undefined {
  const completed = history
    .filter((e) => e.type === "TaskCompleted" && e.atMs >= step.finishedAtMs && e.atMs <= step.writeAtMs)
    .sort((a, b) => a.atMs - b.atMs)[0];
  const scheduled = history
    .filter((e) => e.type === "TaskScheduled" && e.atMs <= step.writeAtMs && e.atMs >= (completed?.atMs ?? Infinity))
    .sort((a, b) => b.atMs - a.atMs)[0];
  if (!completed || !scheduled) return undefined;
  return {
    toOrchestratorMs: completed.atMs - step.finishedAtMs,
    inOrchestratorMs: scheduled.atMs - completed.atMs,
    toArmMs: step.writeAtMs - scheduled.atMs,
  };
}

/**
 * How long a step waited for the write budget (ms): the durable timers the run slept on between the finish and
 * the write, each from its `TimerCreated` to the next `TimerFired`. A refused write sleeps until its retry time
 * and nothing else sleeps there (every operation of the stage before has finished), so that is budget; the rest
 * of the step — the refused attempts' own round trips included — is overhead.
 */
export function budgetWaitMs(step: StepGap, history: readonly HistoryMark[]): number {
  const fired = history
    .filter((e) => e.type === "TimerFired")
    .map((e) => e.atMs)
    .sort((a, b) => a - b);
  let waited = 0;
  for (const created of history) {
    if (created.type !== "TimerCreated" || created.atMs <= step.finishedAtMs || created.atMs >= step.writeAtMs)
      continue;
    const end = Math.min(fired.find((f) => f >= created.atMs) ?? step.writeAtMs, step.writeAtMs);
    waited += end - created.atMs;
  }
  return waited;
}

/** Where a held step's overhead went (ms): before its first budget timer, and from its last timer's firing to ARM. */
export interface HeldPhases {
  /** The finish → the first refusal's timer (the attempt that was refused, and what came before it). */
  toRefusalMs: number;
  /** The last timer fired → the write at ARM (the episode, the activity's dispatch, its token and existence read). */
  afterBudgetMs: number;
}

/** A held step's phases, from its run's history; undefined for a step that slept on no timer. */
export function heldPhases(step: StepGap, history: readonly HistoryMark[]): HeldPhases | undefined {
  const inGap = (e: HistoryMark) => e.atMs > step.finishedAtMs && e.atMs < step.writeAtMs;
  const created = history.filter((e) => e.type === "TimerCreated" && inGap(e)).map((e) => e.atMs);
  const fired = history.filter((e) => e.type === "TimerFired" && inGap(e)).map((e) => e.atMs);
  if (created.length === 0 || fired.length === 0) return undefined;
  return {
    toRefusalMs: Math.min(...created) - step.finishedAtMs,
    afterBudgetMs: step.writeAtMs - Math.max(...fired),
  };
}
