import { randomUUID } from "node:crypto";
import type { Message } from "rhea";
import type { NewMessage } from "../store/brokerStore.js";
import type { IncomingMessage } from "./messageCodec.js";
import { withProperties } from "./messageCodec.js";
import { amqpMessage } from "./rheaInternals.js";

const PROPERTY_FIELDS = [
  "message_id",
  "user_id",
  "to",
  "subject",
  "reply_to",
  "correlation_id",
  "content_type",
  "content_encoding",
  "absolute_expiry_time",
  "creation_time",
  "group_id",
  "group_sequence",
  "reply_to_group_id",
] as const;

/** The system properties a filter sees (`sys.Label` etc.), from a decoded message. */
export function filterViewOf(decoded: Message): NewMessage["filterView"] {
  const system: Record<string, unknown> = {
    MessageId: idString(decoded.message_id),
    CorrelationId: idString(decoded.correlation_id),
    Label: decoded.subject,
    To: decoded.to,
    ReplyTo: decoded.reply_to,
    ContentType: decoded.content_type,
    SessionId: decoded.group_id,
    ReplyToSessionId: decoded.reply_to_group_id,
  };
  return { system, properties: (decoded.application_properties as Record<string, unknown>) ?? {} };
}

/** The filter view of stored bare bytes. */
export function filterViewOfBare(bare: Buffer): NewMessage["filterView"] {
  return filterViewOf(amqpMessage.decode(bare) as Message);
}

function idString(id: unknown): string | undefined {
  if (id === undefined || id === null) return undefined;
  return Buffer.isBuffer(id) ? id.toString("hex") : String(id);
}

/** Turns a received message into what the store keeps; assigns a message id when the sender gave none. */
export function toNewMessage({ decoded, bare }: IncomingMessage): NewMessage {
  let messageId = idString(decoded.message_id);
  let bytes = bare;
  if (messageId === undefined) {
    // The SDK's lock renewer keys on messageId, so every stored message needs one (docs/specs/servicebus-amqp.md §3).
    messageId = randomUUID().replace(/-/g, "");
    const properties: Record<string, unknown> = {};
    for (const f of PROPERTY_FIELDS) if (decoded[f] !== undefined) properties[f] = decoded[f];
    bytes = withProperties(bare, { ...properties, message_id: messageId });
  }
  const annotations = { ...((decoded.message_annotations as Record<string, unknown>) ?? {}) };
  const scheduled = annotations["x-opt-scheduled-enqueue-time"];
  return {
    messageId,
    bare: bytes,
    annotations,
    filterView: filterViewOf(decoded),
    ...(typeof decoded.ttl === "number" && decoded.ttl > 0 ? { ttlMs: decoded.ttl } : {}),
    ...(scheduled instanceof Date ? { scheduledAtMs: scheduled.getTime() } : {}),
  };
}
