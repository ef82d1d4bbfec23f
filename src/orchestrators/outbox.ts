import type * as df from "durable-functions";
import type { EventDeliveryResult, EventToPublish } from "../activities/index.js";
import type { EventDelivery, EventLog } from "../request/index.js";
import { armRetry, type OrchestrationSettings } from "./provisionInput.js";

/** The activity that hands events to the topic and answers instead of throwing (src/activities/events.ts). */
export const DELIVER_EVENTS = "deliverEvents";

/** A call `runBranches` adds to a batch of ARM calls, and what to do with its answer. */
export interface ExtraCall {
  name: string;
  input: unknown;
  done?: (result: unknown) => void;
}

/**
 * A run's events on their way to the topic, oldest first. Events are the run's report, not its work: a broker
 * that cannot be reached delays them and never fails or rolls back a cluster. What failed to go out stays at the
 * head of the queue, in order, and is tried again after a back-off (poll interval, doubling, at most a minute) on
 * durable timers, so nothing idles in a worker. Sending one again is safe: message ids are deterministic and the
 * topic drops duplicates. The status shows the wait (`eventDelivery`) while it lasts.
 */
export class Outbox {
  private queue: EventToPublish[] = [];
  private retryAtMs = 0;
  private outageSinceMs: number | undefined;
  /** Failed deliveries in a row. */
  private failures = 0;

  constructor(
    private readonly context: df.OrchestrationContext,
    private readonly log: EventLog,
    private readonly settings: OrchestrationSettings,
    /** Called when `eventDelivery` changed: the place to publish custom status. */
    private readonly onChange: () => void = () => {},
  ) {}

  push(event: EventToPublish): void {
    this.queue.push(event);
  }

  /** For `runBranches`' `extraCalls`: what is queued rides with the next batch, unless a back-off is running. */
  calls(): ExtraCall[] {
    if (this.queue.length === 0 || this.nowMs() < this.retryAtMs) return [];
    const events = this.queue.splice(0);
    return [{ name: DELIVER_EVENTS, input: events, done: (result) => this.settle(events, result) }];
  }

  /**
   * Every queued event out before the caller goes on (a run's state turns final only then, so a client that sees
   * it can count on the events). An outage is waited out for up to the run's timeout (PROVISION_TIMEOUT_MINUTES)
   * from its first failed delivery; past that the run goes on, and `eventDelivery.undelivered` says how many.
   */
  *flush(): Generator<df.Task, void, unknown> {
    const retry = armRetry(this.settings);
    while (this.queue.length > 0) {
      const endMs = this.outageSinceMs === undefined ? Number.POSITIVE_INFINITY : this.outageSinceMs + this.windowMs();
      if (this.nowMs() < this.retryAtMs) yield this.context.df.createTimer(new Date(Math.min(this.retryAtMs, endMs)));
      if (this.nowMs() >= endMs) {
        this.abandon(this.queue.splice(0));
        return;
      }
      const events = this.queue.splice(0);
      this.settle(events, yield this.context.df.callActivityWithRetry(DELIVER_EVENTS, retry, events));
    }
  }

  private settle(events: EventToPublish[], answer: unknown): void {
    const result = answer as EventDeliveryResult;
    if (result.delivered) {
      if (this.failures === 0) return;
      this.recovered();
      const delivery = this.log.eventDelivery;
      if (delivery?.undelivered) delivery.pending = this.queue.length;
      else delete this.log.eventDelivery;
      this.onChange();
      return;
    }
    const now = this.nowMs();
    this.failures++;
    this.outageSinceMs ??= now;
    const undelivered = this.log.eventDelivery?.undelivered;
    const delivery: EventDelivery = {
      pending: 0,
      since: new Date(this.outageSinceMs).toISOString(),
      attempts: this.failures,
      lastError: result.error,
      ...(undelivered ? { undelivered } : {}),
    };
    this.log.eventDelivery = delivery;
    if (!result.retryable) {
      this.abandon(events);
      return;
    }
    this.queue.unshift(...events);
    this.retryAtMs = now + this.backoffMs(this.failures);
    delivery.pending = this.queue.length;
    delivery.retryAt = new Date(this.retryAtMs).toISOString();
    this.onChange();
  }

  /** Gives up on `events`: refused for good, or the window ended. The status's event list still names them. */
  private abandon(events: EventToPublish[]): void {
    const delivery = this.log.eventDelivery as EventDelivery;
    delivery.undelivered = (delivery.undelivered ?? 0) + events.length;
    delivery.pending = this.queue.length;
    delete delivery.retryAt;
    this.recovered();
    this.onChange();
  }

  private recovered(): void {
    this.failures = 0;
    this.outageSinceMs = undefined;
    this.retryAtMs = 0;
  }

  private backoffMs(attempts: number): number {
    const firstMs = Math.max(100, Math.round(this.settings.pollIntervalSeconds * 1000));
    return Math.min(firstMs * 2 ** (attempts - 1), Math.max(firstMs, 60_000));
  }

  private windowMs(): number {
    return this.settings.timeoutMinutes * 60_000;
  }

  private nowMs(): number {
    return this.context.df.currentUtcDateTime.getTime();
  }
}
