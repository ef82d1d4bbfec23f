import type { Delivery } from "rhea";
import type { Clock } from "../../shared/clock.js";
import { brokerErrors } from "../errors.js";
import { amqpMessage, settleForGood } from "./rheaInternals.js";

/**
 * The peek-lock deliveries of one link that the client has not settled yet. A delivery whose lock
 * is gone (expired, or settled through `$management`) and that the client still has not settled
 * after `graceMs` is settled by the broker as lock-lost: otherwise it would hold one of the session's
 * 2048 delivery slots until the link closes, and a long-lived receiver would eventually stall.
 */
export class UnsettledDeliveries {
  private readonly byToken = new Map<string, { delivery: Delivery; staleSinceMs?: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly isLocked: (token: string) => boolean,
    private readonly graceMs: number,
    /** Broker time: a lock that is gone by it starts the grace period. */
    private readonly clock: Clock,
  ) {
    this.timer = setInterval(() => this.sweep(), Math.max(50, Math.min(graceMs, 5000)));
    this.timer.unref();
  }

  add(token: string, delivery: Delivery): void {
    this.byToken.set(token, { delivery });
  }

  delete(token: string): void {
    this.byToken.delete(token);
  }

  close(): void {
    clearInterval(this.timer);
    this.byToken.clear();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [token, entry] of this.byToken) {
      if (this.isLocked(token)) continue;
      entry.staleSinceMs ??= now;
      if (now - entry.staleSinceMs < this.graceMs) continue;
      this.byToken.delete(token);
      settleForGood(entry.delivery, amqpMessage.rejected({ error: brokerErrors.lockLost() }).described());
    }
  }
}
