import type { CancelTimer, Clock } from "../../shared/clock.js";

/** Alarms for durable timers on the engine's clock (which never fires one early and re-arms long waits). */
export class TimerSet<T extends { id: string; fireAt: number }> {
  private readonly armed = new Map<string, CancelTimer>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly fire: (item: T) => void,
  ) {}

  /** Fires `item` at `item.fireAt` (never early). */
  arm(item: T): void {
    if (this.stopped) return;
    this.disarm(item.id);
    this.armed.set(
      item.id,
      this.clock.setTimer(item.fireAt, () => {
        this.armed.delete(item.id);
        this.fire(item);
      }),
    );
  }

  /** Cancels the alarm of `id`, if any. */
  disarm(id: string): void {
    this.armed.get(id)?.();
    this.armed.delete(id);
  }

  /** Cancels every alarm; `stop` also refuses new ones. */
  clear(stop = false): void {
    for (const cancel of this.armed.values()) cancel();
    this.armed.clear();
    if (stop) this.stopped = true;
  }
}
