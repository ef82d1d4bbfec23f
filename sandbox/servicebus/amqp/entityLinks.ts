import { randomBytes } from "node:crypto";
import type { Delivery, EventContext, Receiver, Sender } from "rhea";
import { type AmqpCondition, brokerErrors } from "../errors.js";
import { isBrokerError } from "../store/brokerError.js";
import type { BrokerStore } from "../store/brokerStore.js";
import type { Consumer } from "../store/queueState.js";
import { deliveryBytes } from "./deliveryBytes.js";
import { incomingMessages, lockTokenToTag } from "./messageCodec.js";
import { amqpMessage, installDrainReply, replyDrained, settleForGood, unusedCredit } from "./rheaInternals.js";
import { toNewMessage } from "./toNewMessage.js";
import { UnsettledDeliveries } from "./unsettledDeliveries.js";

/** How long a client may leave a delivery unsettled after its lock is gone. */
export const DEFAULT_STALE_DELIVERY_GRACE_MS = 60_000;

/** Standard tier's limit, advertised as the attach's max-message-size (docs/specs/servicebus-amqp.md §3). */
export const DEFAULT_MAX_MESSAGE_SIZE_BYTES = 262_144;

/** Closes a link the client attached to something that does not exist (after answering the attach). */
export function refuseLink(link: Sender | Receiver, error: AmqpCondition): void {
  link.close({ condition: error.condition, description: error.description });
}

/** A client's sender: the broker receives its messages and stores them before accepting. */
export function openEntityReceiver(store: BrokerStore, link: Receiver, entityPath: string, maxSize: number): void {
  const target = store.target(entityPath);
  const attach = (link as unknown as { local: { attach: Record<string, unknown> } }).local.attach;
  attach.max_message_size = maxSize;
  if (!target) {
    refuseLink(link, brokerErrors.entityNotFound(entityPath));
    return;
  }
  link.on("message", (ctx: EventContext) => {
    const delivery = ctx.delivery as Delivery;
    const format = (ctx as unknown as { format?: number }).format;
    try {
      const raw = ctx.message as unknown as Buffer;
      const messages = incomingMessages(ctx.message ?? raw, format).map(toNewMessage);
      const tooBig = messages.find((m) => m.bare.length > maxSize);
      if (tooBig) return delivery.reject(brokerErrors.messageSizeExceeded(tooBig.bare.length, maxSize));
      store.send(target, messages).then(
        () => delivery.accept(),
        (e: unknown) =>
          delivery.reject(isBrokerError(e) ? e.amqp : { condition: "amqp:internal-error", description: String(e) }),
      );
    } catch (e) {
      delivery.reject({ condition: "amqp:decode-error", description: (e as Error).message });
    }
  });
}

/**
 * A client's receiver: the broker pumps messages to it under its credit, and settles its
 * dispositions. Returns the function that detaches it (link, session or connection closed).
 */
export function openEntitySender(
  store: BrokerStore,
  link: Sender,
  entityPath: string,
  staleDeliveryGraceMs: number,
): (() => void) | undefined {
  const queue = store.queue(entityPath);
  const remoteAttach = (link as unknown as { remote: { attach: { snd_settle_mode?: number } } }).remote.attach;
  const attach = (link as unknown as { local: { attach: Record<string, unknown> } }).local.attach;
  // Mirror the client's settle mode: 1 (settled) is receive-and-delete (docs/specs/servicebus-amqp.md §4).
  const settled = remoteAttach.snd_settle_mode === 1;
  attach.snd_settle_mode = settled ? 1 : 0;
  attach.rcv_settle_mode = settled ? 0 : 1;
  if (!queue || queue.kind === "topicSchedule") {
    refuseLink(link, brokerErrors.entityNotFound(entityPath));
    return undefined;
  }
  installDrainReply(link);
  const tokens = new WeakMap<Delivery, string>();
  let sent = 0;
  const unsettled = new UnsettledDeliveries((token) => store.isLocked(token), staleDeliveryGraceMs, store.clock);
  const consumer: Consumer = {
    receiveMode: settled ? "receiveAndDelete" : "peekLock",
    credit: () => (link.is_open() && link.sendable() ? unusedCredit(link, sent) : 0),
    deliver(m, lockToken) {
      sent++;
      const tag = lockToken ? lockTokenToTag(lockToken) : randomBytes(16);
      const delivery = link.send(deliveryBytes(m, m.deferred ? "deferred" : undefined), tag, 0);
      if (lockToken) {
        tokens.set(delivery, lockToken);
        unsettled.add(lockToken, delivery);
      }
    },
  };
  store.addConsumer(queue, consumer);
  link.on("sendable", () => store.notify(queue));
  link.on("sender_draining", () => {
    store.pumpNow(queue);
    replyDrained(link);
  });
  const settle = (ctx: EventContext, action: (token: string) => Promise<void>) => {
    const delivery = ctx.delivery as Delivery;
    const token = tokens.get(delivery);
    if (!token) return settleForGood(delivery, amqpMessage.accepted().described());
    unsettled.delete(token);
    // A lock-lost throw is synchronous; route it through the promise so it becomes the outcome.
    Promise.resolve()
      .then(() => action(token))
      .then(
        () => settleForGood(delivery, amqpMessage.accepted().described()),
        (e: unknown) => {
          const error = isBrokerError(e) ? e.amqp : { condition: "amqp:internal-error", description: String(e) };
          settleForGood(delivery, amqpMessage.rejected({ error }).described());
        },
      );
  };
  const remoteState = (ctx: EventContext) =>
    (ctx.delivery as unknown as { remote_state?: Record<string, unknown> }).remote_state ?? {};
  link.on("accepted", (ctx) => settle(ctx, (t) => store.complete(t)));
  link.on("released", (ctx) => settle(ctx, (t) => store.abandon(t)));
  link.on("modified", (ctx) => {
    const state = remoteState(ctx);
    // The SDK sends propertiesToModify as the outcome's message-annotations; they land in application properties.
    const properties = state.message_annotations as Record<string, unknown> | undefined;
    settle(ctx, (t) => (state.undeliverable_here ? store.defer(t, properties) : store.abandon(t, properties)));
  });
  link.on("rejected", (ctx) => {
    const info = { ...((remoteState(ctx).error as { info?: Record<string, unknown> } | undefined)?.info ?? {}) };
    const reason = info.DeadLetterReason;
    const description = info.DeadLetterErrorDescription;
    delete info.DeadLetterReason;
    delete info.DeadLetterErrorDescription;
    settle(ctx, (t) =>
      store.deadLetter(t, {
        ...(reason !== undefined ? { reason: String(reason) } : {}),
        ...(description !== undefined ? { description: String(description) } : {}),
        properties: info,
      }),
    );
  });
  return () => {
    unsettled.close();
    store.removeConsumer(queue, consumer);
  };
}
