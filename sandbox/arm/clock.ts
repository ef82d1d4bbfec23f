import { AdjustableClock, type ClockState } from "../shared/clock.js";

export type { ClockState } from "../shared/clock.js";

/**
 * Sandbox time: the wall clock, optionally frozen or shifted by the control API. Every
 * time-dependent behaviour (operation progress, node readiness, throttling refill) reads it, so a
 * frozen clock makes a test deterministic on a loaded machine. It is the shared stand-in clock
 * (`shared/clock.ts`) with its state reported to `onChange`, which persists it.
 */
export class SandboxClock extends AdjustableClock {
  constructor(
    state: ClockState = { offsetMs: 0 },
    private readonly onChange: (state: ClockState) => void = () => {},
  ) {
    super(state);
  }

  protected override changed(state: ClockState): void {
    this.onChange(state);
  }
}
