/** setTimeout's limit; longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Cancels a timer set with `Clock.setTimer`. */
export type CancelTimer = () => void;

/**
 * Time as a stand-in reads it. Every stand-in takes one (the broker's locks and schedules, the devhost's durable
 * timers and history timestamps, ARM's operations), so a test can freeze time and move it on instead of waiting
 * out wall-clock windows that a loaded machine stretches.
 */
export interface Clock {
  /** Current time in epoch ms. */
  now(): number;
  /**
   * Calls `fire` once `now()` has reached `atMs`, never before (a frozen clock fires it only when advanced);
   * returns a function that cancels it. Timers do not keep the process alive: the stand-in's listener does.
   */
  setTimer(atMs: number, fire: () => void): CancelTimer;
}

/** Persistable state of an adjustable clock. */
export interface ClockState {
  /** Time stands still at this epoch ms when set. */
  frozenAtMs?: number;
  /** Added to the wall clock while not frozen. */
  offsetMs: number;
}

interface PendingTimer {
  atMs: number;
  fire: () => void;
  handle?: NodeJS.Timeout;
}

/**
 * The wall clock, optionally shifted or frozen. Timers are re-checked against `now()` whenever they wake and
 * whenever the clock is changed, so they never fire early (not even when setTimeout's monotonic clock runs ahead
 * of `Date.now()`) and a frozen clock's timers fire exactly when `advance` reaches them, in time order.
 */
export class AdjustableClock implements Clock {
  private state: ClockState;
  private readonly timers = new Set<PendingTimer>();

  constructor(state: ClockState = { offsetMs: 0 }) {
    this.state = { ...state };
  }

  /** A clock standing still at `atMs` (defaults to now) until advanced: for tests. */
  static frozenAt(atMs = Date.now()): AdjustableClock {
    return new AdjustableClock({ frozenAtMs: atMs, offsetMs: 0 });
  }

  now(): number {
    return this.state.frozenAtMs ?? Date.now() + this.state.offsetMs;
  }

  /** Whether time stands still until advanced. */
  get frozen(): boolean {
    return this.state.frozenAtMs !== undefined;
  }

  setTimer(atMs: number, fire: () => void): CancelTimer {
    const timer: PendingTimer = { atMs, fire };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  /** Stops time at the current instant. */
  freeze(): void {
    this.set({ frozenAtMs: this.now(), offsetMs: this.state.offsetMs });
  }

  /** Lets time run again from where it stood. */
  unfreeze(): void {
    if (this.state.frozenAtMs === undefined) return;
    this.set({ offsetMs: this.state.frozenAtMs - Date.now() });
  }

  /** Moves time forward by `ms`, frozen or not; timers now due fire (on the next turn, earliest first). */
  advance(ms: number): void {
    if (this.state.frozenAtMs !== undefined) this.set({ ...this.state, frozenAtMs: this.state.frozenAtMs + ms });
    else this.set({ offsetMs: this.state.offsetMs + ms });
  }

  /** Back to the plain wall clock. */
  reset(): void {
    this.set({ offsetMs: 0 });
  }

  /** The state to persist. */
  snapshot(): ClockState {
    return { ...this.state };
  }

  /** Called after every change of state (ARM persists it). */
  protected changed(_state: ClockState): void {}

  private set(state: ClockState): void {
    this.state = state;
    for (const timer of [...this.timers].sort((a, b) => a.atMs - b.atMs)) this.arm(timer);
    this.changed(this.snapshot());
  }

  private arm(timer: PendingTimer): void {
    clearTimeout(timer.handle);
    timer.handle = undefined;
    const delay = timer.atMs - this.now();
    if (delay <= 0) {
      // Due: fire on a later turn, so a timer set or advanced over inside a state change never re-enters it.
      timer.handle = setTimeout(() => {
        this.timers.delete(timer);
        timer.fire();
      }, 0);
    } else if (this.state.frozenAtMs === undefined) {
      timer.handle = setTimeout(() => this.arm(timer), Math.min(delay, MAX_TIMEOUT_MS));
    }
    timer.handle?.unref();
  }
}

/** The wall clock: what every stand-in uses unless a test hands it another. */
export const systemClock: Clock = new AdjustableClock();
