/** A message held by a queue, subscription or dead-letter queue. */
export interface StoredMessage {
  seq: number;
  messageId: string;
  enqueuedAtMs: number;
  /** The sender's time to live; absent means the entity default. */
  ttlMs?: number;
  /** Infinity when the message never expires (dead-letter queues). */
  expiresAtMs: number;
  /** Set while the message waits for its scheduled enqueue time. */
  scheduledAtMs?: number;
  deferred: boolean;
  /** Failed deliveries so far: emitted as the AMQP header's delivery-count. */
  deliveryCount: number;
  /** Message annotations from the sender plus those merged by abandon/defer. */
  annotations: Record<string, unknown>;
  /** Bare message bytes (properties, application properties, body), as sent. */
  bare: Buffer;
  lock?: { token: string; untilMs: number };
}

/** Whether a message is waiting for its scheduled time at `nowMs`. */
export function isScheduled(message: StoredMessage, nowMs: number): boolean {
  return message.scheduledAtMs !== undefined && message.scheduledAtMs > nowMs;
}
