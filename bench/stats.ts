// Pure calculations the benchmarks share (unit-tested in test/unit/bench/stats.test.ts): percentiles, the ARM
// economy's minimum.

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** One asynchronous ARM operation as the sandbox recorded it (sandbox clock, ms). */
export interface TimedOperation {
  startedAtMs: number;
  dueAtMs: number;
}

/**
 * The fewest ARM calls a provisioning can make: one write per resource in the plan, and per running operation
 * one poll per poll interval it runs (at least one: the poll that sees it finished).
 */
export function armMinimum(planWrites: number, operations: readonly TimedOperation[], pollIntervalMs: number) {
  if (!(pollIntervalMs > 0)) throw new Error("pollIntervalMs must be > 0");
  const polls = operations.reduce(
    (sum, op) => sum + Math.max(1, Math.ceil((op.dueAtMs - op.startedAtMs) / pollIntervalMs)),
    0,
  );
  return { writes: planWrites, reads: polls };
}
