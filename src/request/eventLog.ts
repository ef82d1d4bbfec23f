/**
 * The events a run published, as its status keeps them for the status API and the status page (a browser cannot
 * read Service Bus). Compact on purpose: Durable caps a custom status (16 KB on Azure Storage), so only the
 * newest `EVENT_LOG_LIMIT` are kept and the rest are counted in `eventsDropped`.
 */
export interface EventRecord {
  type: string;
  /** Orchestration time (ISO 8601) the event was queued at: its CloudEvent `time`. */
  time: string;
  /** What, with the type and request id, makes the event's message id (`eventMessageId`). */
  sequence?: number | string;
  step?: string;
  status?: string;
}

/**
 * Events the topic has not taken yet (the broker unreachable): a run never fails for them, it keeps them in order
 * and tries again on durable timers (src/orchestrators/outbox.ts). Absent while every event is out.
 */
export interface EventDelivery {
  /** Events queued and not yet delivered. */
  pending: number;
  /** When the first failed delivery of them was. */
  since: string;
  /** Failed deliveries since then. */
  attempts: number;
  lastError: { code: string; message: string };
  /** When the next delivery is tried (ISO 8601); absent once the run gave up on them. */
  retryAt?: string;
  /** Events given up on: refused for good, or still undeliverable when the run's window ended. */
  undelivered?: number;
}

/** The fields a status gains by keeping its events. */
export interface EventLog {
  events?: EventRecord[];
  /** How many older events were left out of `events` (the topic still had them all). */
  eventsDropped?: number;
  eventDelivery?: EventDelivery;
}

export const EVENT_LOG_LIMIT = 40;

/** Appends `record`, keeping the newest `limit` and counting what falls off. */
export function logEvent(log: EventLog, record: EventRecord, limit = EVENT_LOG_LIMIT): void {
  const events = log.events ?? [];
  events.push(record);
  const over = events.length - limit;
  if (over > 0) {
    events.splice(0, over);
    log.eventsDropped = (log.eventsDropped ?? 0) + over;
  }
  log.events = events;
}
