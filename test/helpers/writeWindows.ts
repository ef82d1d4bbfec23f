/** A token bucket's settings as the app's ARM write budget takes them (ARM_WRITE_BURST, ARM_WRITE_RATE). */
export interface BucketSettings {
  burst: number;
  perSecond: number;
}

/** The worst window of a call log: how many writes it holds beyond what the bucket allows, and where. */
export interface WorstWindow {
  excess: number;
  from: number;
  to: number;
}

/**
 * A token bucket allows at most `burst + rate × (b − a)` writes in any window [a, b] of time. This finds the window
 * of `times` (ms, any order) that holds the most writes beyond that. The budget grants at the orchestration's time
 * and the write reaches ARM an activity round-trip later, so a caller should allow a couple of writes of slack; with
 * `lagMs` (the longest a granted write may take to reach ARM) every window is widened by it, in the bucket's favour.
 */
export function worstWriteWindow(times: readonly number[], budget: BucketSettings, lagMs = 0): WorstWindow {
  const sorted = [...times].sort((a, b) => a - b);
  let worst: WorstWindow = { excess: Number.NEGATIVE_INFINITY, from: 0, to: 0 };
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const span = (sorted[j] as number) - (sorted[i] as number) + lagMs;
      const allowed = budget.burst + (budget.perSecond * span) / 1000;
      const excess = j - i + 1 - allowed;
      if (excess > worst.excess) worst = { excess, from: i, to: j };
    }
  }
  return worst;
}

/** The calls ARM counts against the write budget that the app draws for (credential lists and name checks aside). */
export function budgetedWrites<T extends { category: string; path: string }>(calls: readonly T[]): T[] {
  return calls.filter(
    (c) => c.category === "writes" && !/\/(checkNameAvailability|list\w*Credentials?)$/i.test(c.path),
  );
}
