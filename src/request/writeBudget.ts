/** The app's own ARM write budget per subscription: a token bucket below ARM's (200 burst, 10/s refill). */
export interface WriteBudgetSettings {
  /** Tokens the bucket holds at most (setting ARM_WRITE_BURST). */
  burst: number;
  /** Tokens added per second (setting ARM_WRITE_RATE). */
  perSecond: number;
}

/** A bucket's state: tokens left and when they were counted (ms since the epoch, the writers' clocks). */
export interface WriteBudgetState {
  tokens: number;
  atMs: number;
  /** Nothing is granted before this (a 429 arrived despite the budget: ARM's Retry-After drains it); kept once past. */
  blockedUntilMs?: number;
  /** The latest retry time handed to a refused write: the next refused one is told to come back a token later. */
  queuedUntilMs?: number;
}

/** What a `take` answers: the write may go now, or not before `retryAfterMs` from now (its ticket, `retryAtMs`). */
export type WriteGrant = { granted: true } | { granted: false; retryAtMs: number; retryAfterMs: number };

/** A fresh, full bucket. */
export function fullBudget(settings: WriteBudgetSettings, nowMs: number): WriteBudgetState {
  return { tokens: settings.burst, atMs: nowMs };
}

// Writers' clocks differ a little (several instances): never let time run backwards.
function refill(state: WriteBudgetState, settings: WriteBudgetSettings, nowMs: number): WriteBudgetState {
  const atMs = Math.max(state.atMs, nowMs);
  const tokens = Math.min(settings.burst, state.tokens + ((atMs - state.atMs) / 1000) * settings.perSecond);
  return { ...state, tokens, atMs };
}

/**
 * How late a write may come back with its ticket before a newcomer may take the token that accrued for it: the
 * timer's firing, the orchestrator's episode and the activity's dispatch lie between its ticket and its take.
 */
export const TICKET_GRACE_MS = 1000;
// Tokens accrue in fractions: one accrued exactly at a ticket's time must count as whole.
const EPSILON = 1e-9;

/**
 * Takes one token for a write about to be sent at `nowMs`, or refuses with a time to come back (a ticket). Refused
 * writes are given tickets one token apart (`queuedUntilMs`), so a crowd of waiters returns at the refill rate
 * rather than all at once; while tickets are out (and `TICKET_GRACE_MS` after the last one) a newcomer queues
 * behind them, and a write that comes back with its ticket (`ticketMs`) takes the token that accrued for it. So a
 * held write is refused about once, and every token is still taken when its write is sent. Pure: the table row
 * keeps the state (`src/activities/writeBudgetTable.ts`).
 */
export function takeWrite(
  state: WriteBudgetState,
  settings: WriteBudgetSettings,
  nowMs: number,
  ticketMs?: number,
): { state: WriteBudgetState; grant: WriteGrant } {
  const filled = refill(state, settings, nowMs);
  const blocked = filled.blockedUntilMs !== undefined && filled.blockedUntilMs > filled.atMs;
  const queued = filled.queuedUntilMs !== undefined && filled.queuedUntilMs + TICKET_GRACE_MS > filled.atMs;
  if (!blocked && filled.tokens >= 1 - EPSILON && (ticketMs !== undefined || !queued))
    return { state: { ...filled, tokens: Math.max(0, filled.tokens - 1) }, grant: { granted: true } };
  const tokenMs = 1000 / settings.perSecond;
  const accrued = blocked ? (filled.blockedUntilMs as number) : filled.atMs + Math.max(0, 1 - filled.tokens) * tokenMs;
  // A waiter back a little early (writers' clocks differ by a few ms) comes back when its token has accrued, in its
  // place; one that came too late (its token overflowed the burst while it waited) queues again at the end.
  if (ticketMs !== undefined && !blocked && ticketMs > filled.atMs) {
    const retryAtMs = Math.ceil(accrued);
    return { state: filled, grant: { granted: false, retryAtMs, retryAfterMs: Math.max(1, retryAtMs - filled.atMs) } };
  }
  const retryAtMs = Math.ceil(Math.max(accrued, (filled.queuedUntilMs ?? 0) + tokenMs));
  return {
    state: { ...filled, queuedUntilMs: retryAtMs },
    grant: { granted: false, retryAtMs, retryAfterMs: Math.max(1, retryAtMs - filled.atMs) },
  };
}

/** ARM throttled us anyway: empty the bucket and grant nothing until ARM's Retry-After has passed. */
export function drainWrites(state: WriteBudgetState, untilMs: number, nowMs: number): WriteBudgetState {
  return {
    ...state,
    tokens: 0,
    atMs: Math.max(state.atMs, nowMs),
    blockedUntilMs: Math.max(state.blockedUntilMs ?? 0, untilMs),
  };
}

/**
 * A write-making activity call that takes its own token: the orchestrator wraps the input in this, the activity
 * (`src/activities/meteredWrite.ts`) asks the bucket first and takes the token right before its write, and
 * answers `WriteDeferred`, nothing written, when the bucket refuses.
 */
export interface MeteredInput<T = unknown> {
  /** `ticketMs`: the time a refusal told this call to come back at (`WriteDeferred`), when it is coming back. */
  writeBudget: { subscriptionId: string; settings: WriteBudgetSettings; ticketMs?: number };
  input: T;
}

/** The answer of a metered call the budget refused: the orchestrator waits on a durable timer and calls again. */
export interface WriteDeferred {
  writeDeferred: { retryAfterMs: number; ticketMs: number };
}

export function isMeteredInput(value: unknown): value is MeteredInput {
  return typeof value === "object" && value !== null && "writeBudget" in value && "input" in value;
}

export function isWriteDeferred(value: unknown): value is WriteDeferred {
  return typeof value === "object" && value !== null && "writeDeferred" in value;
}
