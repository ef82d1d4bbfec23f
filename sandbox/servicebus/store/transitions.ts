import { encodeJsonValue, type JournalRecord } from "./journalRecord.js";
import type { NewMessage } from "./namespaceState.js";
import type { QueueState } from "./queueState.js";
import type { StoredMessage } from "./storedMessage.js";

// The message life-cycle as pure functions: each returns the journal records of one transition.
// The store applies and journals them; replay applies the same records, so both agree.

/** Dead-letter details, as update-disposition or a rejected outcome gives them. */
export interface DeadLetterDetails {
  reason?: string;
  description?: string;
  properties?: Record<string, unknown>;
}

/** Rewrites application properties inside bare bytes (supplied by the AMQP layer). */
export type WithApplicationProperties = (bare: Buffer, props: Record<string, unknown>) => Buffer;

/** A new message entering `q` with sequence number `seq`. */
export function enqueued(q: QueueState, m: NewMessage, seq: number, now: number): JournalRecord {
  return {
    k: "enq",
    q: q.key,
    seq,
    id: m.messageId,
    t: now,
    ...(m.ttlMs !== undefined ? { ttl: m.ttlMs } : {}),
    ...(m.scheduledAtMs !== undefined && m.scheduledAtMs > now ? { sch: m.scheduledAtMs } : {}),
    dc: 0,
    ...(Object.keys(m.annotations).length > 0
      ? { ann: encodeJsonValue(m.annotations) as Record<string, unknown> }
      : {}),
    b: m.bare.toString("base64"),
  };
}

/** Moves `m` from `q` to its dead-letter queue `dlq` as sequence number `seq`, with reason and description. */
export function deadLettered(
  q: QueueState,
  dlq: QueueState,
  m: StoredMessage,
  details: DeadLetterDetails,
  seq: number,
  withProps: WithApplicationProperties,
): JournalRecord[] {
  const props: Record<string, unknown> = { ...details.properties };
  if (details.reason !== undefined) props.DeadLetterReason = details.reason;
  if (details.description !== undefined) props.DeadLetterErrorDescription = details.description;
  return [
    { k: "del", q: q.key, seq: m.seq },
    {
      k: "enq",
      q: dlq.key,
      seq,
      id: m.messageId,
      t: m.enqueuedAtMs,
      dc: m.deliveryCount,
      ann: encodeJsonValue({ ...m.annotations, "x-opt-deadletter-source": q.path }) as Record<string, unknown>,
      b: withProps(m.bare, props).toString("base64"),
    },
  ];
}

/**
 * A delivery that failed (abandon or lock expiry): delivery count + 1 and back to available, or to
 * the dead-letter queue with `MaxDeliveryCountExceeded` once MaxDeliveryCount is reached.
 */
export function deliveryFailed(
  q: QueueState,
  dlq: QueueState | undefined,
  m: StoredMessage,
  propertiesToModify: Record<string, unknown> | undefined,
  seq: number,
  withProps: WithApplicationProperties,
): JournalRecord[] {
  const dc = m.deliveryCount + 1;
  if (dlq && q.kind !== "deadLetter" && dc >= q.settings.maxDeliveryCount) {
    const details = {
      reason: "MaxDeliveryCountExceeded",
      description: `Message could not be consumed after ${q.settings.maxDeliveryCount} delivery attempts.`,
      ...(propertiesToModify ? { properties: propertiesToModify } : {}),
    };
    return deadLettered(q, dlq, { ...m, deliveryCount: dc }, details, seq, withProps);
  }
  return [
    { k: "upd", q: q.key, seq: m.seq, dc, deferred: m.deferred, ...modifiedBare(m, propertiesToModify, withProps) },
  ];
}

/** A message set aside (deferred), with its properties modified. */
export function deferred(
  q: QueueState,
  m: StoredMessage,
  propertiesToModify: Record<string, unknown> | undefined,
  withProps: WithApplicationProperties,
): JournalRecord {
  return {
    k: "upd",
    q: q.key,
    seq: m.seq,
    dc: m.deliveryCount,
    deferred: true,
    ...modifiedBare(m, propertiesToModify, withProps),
  };
}

/** An expired message: dead-lettered (`TTLExpiredException`) when the entity says so, else dropped. */
export function expired(
  q: QueueState,
  dlq: QueueState | undefined,
  m: StoredMessage,
  seq: number,
  withProps: WithApplicationProperties,
): JournalRecord[] {
  if (dlq && q.settings.deadLetterOnExpiration) {
    const details = { reason: "TTLExpiredException", description: "The message expired and was dead lettered." };
    return deadLettered(q, dlq, m, details, seq, withProps);
  }
  return [{ k: "del", q: q.key, seq: m.seq }];
}

function modifiedBare(
  m: StoredMessage,
  propertiesToModify: Record<string, unknown> | undefined,
  withProps: WithApplicationProperties,
): { b?: string } {
  if (!propertiesToModify || Object.keys(propertiesToModify).length === 0) return {};
  return { b: withProps(m.bare, propertiesToModify).toString("base64") };
}
