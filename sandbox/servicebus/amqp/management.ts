import rhea, { type EventContext, type Message, type Receiver } from "rhea";
import { brokerErrors } from "../errors.js";
import { BrokerError, isBrokerError } from "../store/brokerError.js";
import type { BrokerStore } from "../store/brokerStore.js";
import { deliveryBytes } from "./deliveryBytes.js";
import { incomingFromBytes } from "./messageCodec.js";
import { sendReply } from "./reply.js";
import { amqpTypes } from "./rheaInternals.js";
import { toNewMessage } from "./toNewMessage.js";

type Body = Record<string, unknown>;
type Handler = (
  store: BrokerStore,
  entityPath: string,
  body: Body,
) => Promise<{ code: number; body: Body }> | { code: number; body: Body };

const LONG = 0x81;

function toNumber(v: unknown): number {
  if (Buffer.isBuffer(v)) return Number(v.readBigInt64BE(0));
  if (typeof v === "bigint") return Number(v);
  return Number(v);
}

function tokens(body: Body): string[] {
  return ((body["lock-tokens"] as Buffer[] | undefined) ?? []).map((b) => rhea.uuid_to_string(b));
}

function queueOf(store: BrokerStore, path: string) {
  const q = store.queue(path);
  if (!q) throw new BrokerError(brokerErrors.entityNotFound(path));
  return q;
}

// Empty lists go out as list32: rhea decodes every list0 to one shared array, so a client that
// mutates one (in the same process) would corrupt the next empty reply.
function list(items: unknown[]): unknown {
  return items.length ? items : amqpTypes.List32([]);
}

function messageBinary(bytes: Buffer): unknown {
  return amqpTypes.wrap_binary(bytes);
}

const handlers: Record<string, Handler> = {
  "com.microsoft:renew-lock": (store, _path, body) => {
    const expirations = tokens(body).map((t) => store.renewLock(t));
    return { code: 200, body: { expirations: amqpTypes.wrap_array(expirations, 0x83, undefined) } };
  },
  "com.microsoft:update-disposition": async (store, _path, body) => {
    const status = String(body["disposition-status"]);
    const properties = (body["properties-to-modify"] as Record<string, unknown> | undefined) ?? undefined;
    for (const t of tokens(body)) {
      if (status === "completed") await store.complete(t);
      else if (status === "abandoned") await store.abandon(t, properties);
      else if (status === "defered") await store.defer(t, properties);
      else if (status === "suspended") {
        const reason = body["deadletter-reason"];
        const description = body["deadletter-description"];
        await store.deadLetter(t, {
          ...(reason != null ? { reason: String(reason) } : {}),
          ...(description != null ? { description: String(description) } : {}),
          ...(properties ? { properties } : {}),
        });
      } else throw new BrokerError(brokerErrors.badRequest(`unknown disposition-status '${status}'`));
    }
    return { code: 200, body: {} };
  },
  "com.microsoft:peek-message": (store, path, body) => {
    const q = queueOf(store, path);
    const now = store.clock.now();
    const found = q.peek(toNumber(body["from-sequence-number"]), toNumber(body["message-count"]), now);
    const messages = found.map((m) => {
      const state =
        m.scheduledAtMs !== undefined && m.scheduledAtMs > now ? "scheduled" : m.deferred ? "deferred" : "active";
      return { message: messageBinary(deliveryBytes(m, state)) };
    });
    // Empty peek must still be 2xx with a list: the SDK always reads body.messages (docs/specs/servicebus-amqp.md §5).
    return { code: messages.length ? 200 : 204, body: { messages: list(messages) } };
  },
  "com.microsoft:schedule-message": async (store, path, body) => {
    const target = store.target(path);
    if (!target) throw new BrokerError(brokerErrors.entityNotFound(path));
    const entries = (body.messages as Body[] | undefined) ?? [];
    const messages = entries.map((e) => toNewMessage(incomingFromBytes(e.message as Buffer)));
    const seqs = await store.send(target, messages);
    return { code: 200, body: { "sequence-numbers": amqpTypes.wrap_array(seqs, LONG, undefined) } };
  },
  "com.microsoft:cancel-scheduled-message": async (store, path, body) => {
    const target = store.target(path);
    if (!target) throw new BrokerError(brokerErrors.entityNotFound(path));
    await store.cancelScheduled(target, ((body["sequence-numbers"] as unknown[]) ?? []).map(toNumber));
    return { code: 200, body: {} };
  },
  "com.microsoft:receive-by-sequence-number": (store, path, body) => {
    const q = queueOf(store, path);
    const mode = toNumber(body["receiver-settle-mode"]) === 0 ? "receiveAndDelete" : "peekLock";
    const taken = store.receiveDeferred(q, ((body["sequence-numbers"] as unknown[]) ?? []).map(toNumber), mode);
    const messages = taken.map(({ message, lockToken }) => ({
      message: messageBinary(deliveryBytes(message, "deferred")),
      ...(lockToken ? { "lock-token": amqpTypes.wrap_uuid(rhea.string_to_uuid(lockToken)) } : {}),
    }));
    return { code: 200, body: { messages: list(messages) } };
  },
};

/** Answers `$management` requests on a client's request link (docs/specs/servicebus-amqp.md §5). */
export function openManagementReceiver(store: BrokerStore, link: Receiver, entityPath: string): void {
  link.on("message", (ctx: EventContext) => {
    const request = ctx.message as Message;
    ctx.delivery?.accept();
    const operation = String(request.application_properties?.operation ?? "");
    const handler = handlers[operation];
    const reply = (code: number, description: string, body: Body, condition?: string) =>
      sendReply(link, request, { code, description, ...(condition ? { condition } : {}) }, body);
    if (!handler) {
      const e = brokerErrors.notImplemented(operation);
      return reply(501, e.description, {}, e.condition);
    }
    Promise.resolve()
      .then(() => handler(store, entityPath, (request.body ?? {}) as Body))
      .then(
        (r) => reply(r.code, r.code === 204 ? "No Content" : "OK", r.body),
        (e: unknown) => {
          if (!isBrokerError(e)) return reply(500, String(e), {}, "amqp:internal-error");
          const code = STATUS_BY_CONDITION[e.amqp.condition] ?? 400;
          reply(code, e.amqp.description, {}, e.amqp.condition);
        },
      );
  });
}

const STATUS_BY_CONDITION: Record<string, number> = {
  "com.microsoft:message-lock-lost": 410,
  "com.microsoft:message-not-found": 404,
  "amqp:not-found": 404,
  "amqp:not-implemented": 501,
};
