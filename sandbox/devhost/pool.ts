/** A bounded FIFO pool: at most `limit` tasks run at once (host.json concurrency limits). */
export class Pool {
  private active = 0;
  private readonly queue: (() => Promise<void>)[] = [];

  constructor(private limit: number) {}

  /** Queues `task`; it starts when a slot frees. Errors are the task's own business. */
  run(task: () => Promise<void>): void {
    this.queue.push(task);
    this.drain();
  }

  private drain(): void {
    while (this.active < this.limit && this.queue.length > 0) {
      const task = this.queue.shift() as () => Promise<void>;
      this.active++;
      task()
        .catch(() => {})
        .finally(() => {
          this.active--;
          this.drain();
        });
    }
  }
}
