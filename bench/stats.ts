// Pure calculations the benchmarks share (unit-tested in test/unit/bench/stats.test.ts): percentiles, the ARM
// economy's minimum, the busiest window of a call log, the time a write budget needs, exactly-once accounting.

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

/** The most of `atMs` (ms, any order) that fall in one window of `windowMs`: the busiest second of a call log. */
export function peakPerWindow(atMs: readonly number[], windowMs = 1000): number {
  const sorted = [...atMs].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/**
 * The shortest time a write budget lets `writes` through (ms): the burst goes at once, the rest at the refill
 * rate. `writes ÷ rate` (burst ignored) is the figure a long run tends to; both are reported.
 */
export function budgetMinimumMs(writes: number, budget: { burst: number; perSecond: number }) {
  if (!(budget.perSecond > 0)) throw new Error("perSecond must be > 0");
  return {
    atRateMs: Math.round((writes / budget.perSecond) * 1000),
    withBurstMs: Math.round((Math.max(0, writes - budget.burst) / budget.perSecond) * 1000),
  };
}

/** Which expected keys were seen never, which more than once, and which seen keys were not expected at all. */
export function exactlyOnce(expected: Iterable<string>, seen: Iterable<string>) {
  const counts = new Map<string, number>();
  for (const key of expected) counts.set(key, 0);
  const unexpected: string[] = [];
  for (const key of seen) {
    const n = counts.get(key);
    if (n === undefined) unexpected.push(key);
    else counts.set(key, n + 1);
  }
  const missing = [...counts].filter(([, n]) => n === 0).map(([key]) => key);
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([key, n]) => ({ key, n }));
  return { missing, duplicated, unexpected };
}
