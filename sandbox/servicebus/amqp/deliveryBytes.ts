import type { StoredMessage } from "../store/storedMessage.js";
import { encodeDelivery } from "./messageCodec.js";
import { amqpTypes } from "./rheaInternals.js";

/** Encodes a stored message for a client: header + broker annotations + the stored bare bytes (docs/specs/servicebus-amqp.md §4, §7.4). */
export function deliveryBytes(m: StoredMessage, state: "active" | "deferred" | "scheduled" | undefined): Buffer {
  const annotations: Record<string, unknown> = {
    ...m.annotations,
    "x-opt-sequence-number": amqpTypes.wrap_long(m.seq),
    "x-opt-enqueued-time": new Date(m.enqueuedAtMs),
  };
  if (m.lock) annotations["x-opt-locked-until"] = new Date(m.lock.untilMs);
  if (state)
    annotations["x-opt-message-state"] = amqpTypes.wrap_int(state === "active" ? 0 : state === "deferred" ? 1 : 2);
  return encodeDelivery(
    { deliveryCount: m.deliveryCount, ...(m.ttlMs !== undefined ? { ttlMs: m.ttlMs } : {}) },
    annotations,
    m.bare,
  );
}
