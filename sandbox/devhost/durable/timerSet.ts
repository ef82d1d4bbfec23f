const MAX_TIMEOUT = 2 ** 31 - 1;

/** In-memory alarms for durable timers; long delays are re-armed past setTimeout's 24.8-day limit. */
export class TimerSet<T extends { id: string; fireAt: number }> {
  private readonly armed = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly fire: (item: T) => void) {}

  /** Fires `item` at `item.fireAt` (never early). */
  arm(item: T): void {
    if (this.stopped) return;
    this.disarm(item.id);
    const delay = Math.max(0, item.fireAt - Date.now());
    const handle = setTimeout(
      () => {
        this.armed.delete(item.id);
        if (item.fireAt > Date.now()) this.arm(item);
        else this.fire(item);
      },
      Math.min(delay, MAX_TIMEOUT),
    );
    this.armed.set(item.id, handle);
  }

  /** Cancels the alarm of `id`, if any. */
  disarm(id: string): void {
    const handle = this.armed.get(id);
    if (handle) {
      clearTimeout(handle);
      this.armed.delete(id);
    }
  }

  /** Cancels every alarm; `stop` also refuses new ones. */
  clear(stop = false): void {
    for (const t of this.armed.values()) clearTimeout(t);
    this.armed.clear();
    if (stop) this.stopped = true;
  }
}
