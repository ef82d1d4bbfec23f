import { createRequire } from "node:module";
import type { Delivery, Message, Receiver, Sender } from "rhea";

// Internals of rhea 3.0.5 (pinned): the message codec module session.js decodes with, and the
// sender's drain bookkeeping. Everything that touches rhea's privates goes through this file.
const require = createRequire(import.meta.url);

/** rhea's AMQP type system (Typed wrappers, Reader, Writer); untyped in its .d.ts. */
// biome-ignore lint/suspicious/noExplicitAny: rhea's types module has no usable typings
export const amqpTypes: any = require("rhea/lib/types.js");

/** rhea's message codec, including the composite section constructors (`header`, `properties`). */
// biome-ignore lint/suspicious/noExplicitAny: see above
export const amqpMessage: any = require("rhea/lib/message.js");

/** The rhea version these patches were written and tested against. */
export const PATCHED_RHEA_VERSION = "3.0.5";

/** The installed rhea version. */
export const installedRheaVersion: string = require("rhea/package.json").version;

/** Warns once when the installed rhea is not the one the private-API patches were checked against. */
export function checkRheaVersion(warn: (message: string) => void = console.warn): void {
  if (installedRheaVersion !== PATCHED_RHEA_VERSION) {
    warn(
      `sandbox/servicebus: rhea ${installedRheaVersion} is installed; the broker patches rhea ${PATCHED_RHEA_VERSION} internals (drain reply, settlement, decode). Pin rhea to ${PATCHED_RHEA_VERSION}.`,
    );
  }
}

const RAW = Symbol.for("aks-provisioner.sandbox.servicebus.raw");
let decodePatched = false;

/**
 * Makes every decoded message remember the bytes it came from, so the broker stores the bare
 * message verbatim (decode → encode would change AMQP numeric types, docs/specs/servicebus-amqp.md §7.4).
 */
export function rememberRawBytes(): void {
  if (decodePatched) return;
  decodePatched = true;
  const decode = amqpMessage.decode as (buffer: Buffer) => Message;
  amqpMessage.decode = (buffer: Buffer) => {
    const decoded = decode(buffer);
    Object.defineProperty(decoded, RAW, { value: buffer, enumerable: false });
    return decoded;
  };
}

/** The encoded bytes of a message rhea decoded (after `rememberRawBytes`), or a fresh encoding. */
export function rawBytesOf(message: Message): Buffer {
  const raw = (message as unknown as Record<symbol, Buffer | undefined>)[RAW];
  return raw ?? (amqpMessage.encode(message) as Buffer);
}

interface DrainableSender {
  /** Credit consumed by drain replies rather than transfers (ours, not rhea's). */
  _drainAdvance?: number;
  _draining: boolean;
  _drained: boolean;
  credit: number;
  delivery_count: number;
  issue_flow: boolean;
  connection: { _register(): void };
  _get_drain(): boolean;
}

/**
 * Lets `replyDrained` answer a drain request even when the link has no credit left: stock rhea stays
 * silent then, and the SDK closes its receiver when no drained flow comes back (docs/specs/servicebus-amqp.md §4, §7.1).
 */
export function installDrainReply(sender: Sender): void {
  const s = sender as unknown as DrainableSender;
  s._get_drain = function getDrain(this: DrainableSender) {
    if (!this._draining) return false;
    this._drainAdvance = (this._drainAdvance ?? 0) + this.credit;
    this.delivery_count += this.credit;
    this.credit = 0;
    this._draining = false;
    return true;
  };
}

/**
 * Credit still free after `sentCount` calls to `sender.send()`: rhea lowers `credit` only when it
 * actually writes a transfer (next tick), so deliveries queued in this tick must be counted here or
 * a pump would lock far more messages than the client asked for.
 */
export function unusedCredit(sender: Sender, sentCount: number): number {
  const s = sender as unknown as DrainableSender;
  const transferred = s.delivery_count - (s._drainAdvance ?? 0);
  return Math.max(0, s.credit - (sentCount - transferred));
}

/** Sends the drained flow (credit consumed, delivery-count advanced) on the next write. */
export function replyDrained(sender: Sender): void {
  const s = sender as unknown as DrainableSender;
  if (!s._draining) return;
  s.issue_flow = true;
  s.connection._register();
}

/**
 * Settles an outgoing delivery for good. In peek-lock (receiver settle mode "second") the client
 * never settles after the broker does, and rhea only frees a session slot once both sides have
 * settled — without this a link stalls after 2048 deliveries (docs/specs/servicebus-amqp.md §7.3).
 */
export function settleForGood(delivery: Delivery, state: unknown): void {
  delivery.update(true, state);
  (delivery as unknown as { remote_settled: boolean }).remote_settled = true;
}

/**
 * Mirrors the client's source and target addresses in the broker's attach. Passing rhea's decoded
 * terminus objects back would alias their value array — for an empty terminus that is the one array
 * rhea shares for every decoded list0, which would then corrupt every later empty list in the process.
 */
export function mirrorTermini(link: Sender | Receiver): void {
  // rhea's typings require `address`; a terminus without one is mirrored without one.
  const address = (t: { address?: string } | undefined) =>
    (t?.address !== undefined ? { address: t.address } : {}) as { address: string };
  link.set_source(address(link.source));
  link.set_target(address(link.target));
}
