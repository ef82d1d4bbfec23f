/** The app's own ARM write budget per subscription: a token bucket below ARM's (200 burst, 10/s refill). */
export interface WriteBudgetSettings {
  /** Tokens the bucket holds at most (setting ARM_WRITE_BURST). */
  burst: number;
  /** Tokens added per second (setting ARM_WRITE_RATE). */
  perSecond: number;
}

/** A bucket's state: tokens left and when they were counted (ms since the epoch, the callers' orchestration clock). */
export interface WriteBudgetState {
  tokens: number;
  atMs: number;
  /** Nothing is granted before this (a 429 arrived despite the budget: ARM's Retry-After drains it); kept once past. */
  blockedUntilMs?: number;
}

/** What a `take` hands back: how many writes may go now, and when to ask again for the rest. */
export interface WriteGrant {
  granted: number;
  /** When `granted` is less than asked: how long until enough tokens for the rest have accrued. */
  retryAfterMs?: number;
}

/** A fresh, full bucket. */
export function fullBudget(settings: WriteBudgetSettings, nowMs: number): WriteBudgetState {
  return { tokens: settings.burst, atMs: nowMs };
}

// Callers' clocks differ a little (each orchestration's replay-safe time): never let time run backwards.
function refill(state: WriteBudgetState, settings: WriteBudgetSettings, nowMs: number): WriteBudgetState {
  const atMs = Math.max(state.atMs, nowMs);
  const tokens = Math.min(settings.burst, state.tokens + ((atMs - state.atMs) / 1000) * settings.perSecond);
  return { ...state, tokens, atMs };
}

/**
 * Takes up to `wanted` tokens at `nowMs`: as many whole tokens as the bucket holds, and for the rest the time
 * until they will have accrued. Pure: the entity keeps the state, the orchestration waits on a durable timer.
 */
export function takeWrites(
  state: WriteBudgetState,
  settings: WriteBudgetSettings,
  wanted: number,
  nowMs: number,
): { state: WriteBudgetState; grant: WriteGrant } {
  const filled = refill(state, settings, nowMs);
  if (filled.blockedUntilMs !== undefined && filled.blockedUntilMs > filled.atMs) {
    return { state: filled, grant: { granted: 0, retryAfterMs: filled.blockedUntilMs - filled.atMs } };
  }
  const granted = Math.max(0, Math.min(wanted, Math.floor(filled.tokens)));
  const next = { ...filled, tokens: filled.tokens - granted };
  if (granted >= wanted) return { state: next, grant: { granted } };
  const missing = Math.min(wanted, settings.burst) - granted - next.tokens;
  return {
    state: next,
    grant: { granted, retryAfterMs: Math.max(1, Math.ceil((missing / settings.perSecond) * 1000)) },
  };
}

/** ARM throttled us anyway: empty the bucket and grant nothing until ARM's Retry-After has passed. */
export function drainWrites(state: WriteBudgetState, untilMs: number, nowMs: number): WriteBudgetState {
  return { tokens: 0, atMs: Math.max(state.atMs, nowMs), blockedUntilMs: Math.max(state.blockedUntilMs ?? 0, untilMs) };
}
