/** Persistable state of the sandbox clock. */
export interface ClockState {
  /** Sandbox time is frozen at this epoch ms when set. */
  frozenAtMs?: number;
  /** Added to the wall clock while not frozen. */
  offsetMs: number;
}

/**
 * Sandbox time: the wall clock, optionally frozen or shifted by the control API. Every
 * time-dependent behaviour (operation progress, node readiness, throttling refill) reads it, so a
 * frozen clock makes a test deterministic on a loaded machine.
 */
export class SandboxClock {
  private state: ClockState;

  constructor(
    state: ClockState = { offsetMs: 0 },
    private readonly onChange: (state: ClockState) => void = () => {},
  ) {
    this.state = { ...state };
  }

  /** Current sandbox time in epoch ms. */
  now(): number {
    return this.state.frozenAtMs ?? Date.now() + this.state.offsetMs;
  }

  /** Whether time stands still until advanced. */
  get frozen(): boolean {
    return this.state.frozenAtMs !== undefined;
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

  /** Moves sandbox time forward by `ms`, frozen or not. */
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

  private set(state: ClockState): void {
    this.state = state;
    this.onChange(this.snapshot());
  }
}
