import rhea, { type Message } from "rhea";
import { amqpMessage, amqpTypes, rawBytesOf } from "./rheaInternals.js";

/** The message format of a Service Bus batch envelope (docs/specs/servicebus-amqp.md §3). */
export const BATCH_FORMAT = 0x80013700;

const MESSAGE_ANNOTATIONS = 0x72;
const PROPERTIES = 0x73;
const APPLICATION_PROPERTIES = 0x74;

/** A message as received: its decoded form for routing, and the bare-message bytes to store verbatim. */
export interface IncomingMessage {
  decoded: Message;
  /** Properties, application-properties, body and footer sections, exactly as sent. */
  bare: Buffer;
}

interface SectionSpan {
  code: number;
  start: number;
  end: number;
}

function sectionsOf(raw: Buffer): SectionSpan[] {
  const reader = new amqpTypes.Reader(raw);
  const spans: SectionSpan[] = [];
  while (reader.remaining() > 0) {
    const start = reader.position as number;
    const section = reader.read();
    spans.push({ code: Number(section.descriptor?.value ?? -1), start, end: reader.position as number });
  }
  return spans;
}

/** Splits a transfer into decoded view + bare bytes; batch envelopes yield one entry per inner message. */
export function incomingMessages(message: Message | Buffer, format: number | undefined): IncomingMessage[] {
  if (format === BATCH_FORMAT && Buffer.isBuffer(message)) {
    const envelope = amqpMessage.decode(message) as Message;
    const body = envelope.body as { multiple?: boolean; content: Buffer | Buffer[] };
    const inner = body.multiple ? (body.content as Buffer[]) : [body.content as Buffer];
    return inner.map((bytes) => toIncoming(amqpMessage.decode(bytes) as Message, bytes));
  }
  const decoded = message as Message;
  return [toIncoming(decoded, rawBytesOf(decoded))];
}

/** Splits one encoded message (a `$management` schedule entry). */
export function incomingFromBytes(bytes: Buffer): IncomingMessage {
  return toIncoming(amqpMessage.decode(bytes) as Message, bytes);
}

function toIncoming(decoded: Message, raw: Buffer): IncomingMessage {
  const spans = sectionsOf(raw);
  const bareStart = spans.find((s) => s.code > MESSAGE_ANNOTATIONS)?.start ?? raw.length;
  return { decoded, bare: raw.subarray(bareStart) };
}

function encodeSections(sections: unknown[]): Buffer {
  const writer = new amqpTypes.Writer();
  for (const section of sections) writer.write(section);
  return writer.toBuffer() as Buffer;
}

/** Header fields the broker sets on every delivery. */
export interface DeliveryHeader {
  deliveryCount: number;
  ttlMs?: number;
}

/** Encodes header + message annotations in front of stored bare bytes: one complete AMQP message. */
export function encodeDelivery(header: DeliveryHeader, annotations: Record<string, unknown>, bare: Buffer): Buffer {
  const headerFields: Record<string, unknown> = { durable: true, delivery_count: header.deliveryCount };
  if (header.ttlMs !== undefined && header.ttlMs < 0xffffffff) headerFields.ttl = header.ttlMs;
  const sections = [
    amqpMessage.header(headerFields).described(),
    amqpTypes.described_nc(amqpTypes.wrap_ulong(MESSAGE_ANNOTATIONS), amqpTypes.wrap_symbolic_map(annotations)),
  ];
  return Buffer.concat([encodeSections(sections), bare]);
}

/** Returns bare bytes with the properties section replaced (message id assignment). */
export function withProperties(bare: Buffer, properties: Record<string, unknown>): Buffer {
  return replaceSection(bare, PROPERTIES, amqpMessage.properties(properties).described());
}

/** Returns bare bytes with application properties merged (dead-letter reason and description). */
export function withApplicationProperties(bare: Buffer, extra: Record<string, unknown>): Buffer {
  const current = (amqpMessage.decode(bare) as Message).application_properties ?? {};
  const merged = { ...current, ...extra };
  const section = amqpTypes.described_nc(amqpTypes.wrap_ulong(APPLICATION_PROPERTIES), amqpTypes.wrap_map(merged));
  return replaceSection(bare, APPLICATION_PROPERTIES, section);
}

function replaceSection(bare: Buffer, code: number, section: unknown): Buffer {
  const spans = sectionsOf(bare);
  const encoded = encodeSections([section]);
  const existing = spans.find((s) => s.code === code);
  if (existing) return Buffer.concat([bare.subarray(0, existing.start), encoded, bare.subarray(existing.end)]);
  // Sections are ordered by descriptor code; insert before the first later one.
  const next = spans.find((s) => s.code > code)?.start ?? bare.length;
  return Buffer.concat([bare.subarray(0, next), encoded, bare.subarray(next)]);
}

/** .NET GUID byte order: bytes 0–3 reversed, 4–5 and 6–7 swapped; its own inverse (docs/specs/servicebus-amqp.md §4). */
export function reorderGuidBytes(bytes: Buffer): Buffer {
  const b = Buffer.from(bytes);
  return Buffer.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8)] as number[]);
}

/** The 16-byte delivery tag whose reordering the SDK turns back into `lockToken`. */
export function lockTokenToTag(lockToken: string): Buffer {
  return reorderGuidBytes(rhea.string_to_uuid(lockToken));
}
