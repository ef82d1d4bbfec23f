import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import Long from "long";
import { AdjustableClock } from "../../../sandbox/shared/clock.js";
import { waitFor } from "../../helpers/waitFor.js";
import { aConfig, startTestBroker, type TestBroker } from "./harness.js";

const config = aConfig({
  queues: {
    jobs: { LockDuration: "PT30S" },
    dedupe: { RequiresDuplicateDetection: true, DuplicateDetectionHistoryTimeWindow: "PT1M" },
    "expiring-dlq": { DeadLetteringOnMessageExpiration: true },
    "expiring-drop": { DeadLetteringOnMessageExpiration: false, DefaultMessageTimeToLive: "PT0.3S" },
  },
});

describe("scheduling, deferral, peek, TTL and duplicate detection", () => {
  let broker: TestBroker;
  // Broker time stands still unless a test moves it: schedules and TTLs come due exactly when the test says.
  let clock: AdjustableClock;
  beforeEach(async () => {
    clock = AdjustableClock.frozenAt();
    broker = await startTestBroker(config, { clock });
  });
  afterEach(() => broker.close());

  it("delivers a scheduled message only at its enqueue time", async () => {
    const sender = broker.client.createSender("jobs");
    const at = new Date(clock.now() + 800);
    const [seq] = await sender.scheduleMessages({ body: "later" }, at);
    assert.ok(seq);
    const receiver = broker.client.createReceiver("jobs");
    const [peeked] = await receiver.peekMessages(1);
    assert.equal(peeked?.state, "scheduled");
    assert.equal(peeked?.sequenceNumber?.toString(), seq.toString());
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).length, 0);
    clock.advance(799);
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).length, 0, "1 ms early");
    clock.advance(1);
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 3000 });
    assert.equal(m?.body, "later");
    assert.equal(m?.enqueuedTimeUtc?.getTime(), at.getTime());
  });

  it("honours scheduledEnqueueTimeUtc on a plain send", async () => {
    await broker.client
      .createSender("jobs")
      .sendMessages({ body: "plain-scheduled", scheduledEnqueueTimeUtc: new Date(clock.now() + 500) });
    const receiver = broker.client.createReceiver("jobs");
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 200 })).length, 0);
    clock.advance(500);
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 3000 });
    assert.equal(m?.body, "plain-scheduled");
  });

  it("cancels a scheduled message", async () => {
    const sender = broker.client.createSender("jobs");
    const [seq] = await sender.scheduleMessages({ body: "never" }, new Date(clock.now() + 400));
    await sender.cancelScheduledMessages(seq as NonNullable<typeof seq>);
    const receiver = broker.client.createReceiver("jobs");
    assert.equal((await receiver.peekMessages(5)).length, 0);
    clock.advance(1000);
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 800 })).length, 0);
  });

  it("defers a message; it is then received only by sequence number and settled through $management", async () => {
    await broker.client.createSender("jobs").sendMessages([{ body: "deferred" }, { body: "next" }]);
    const receiver = broker.client.createReceiver("jobs");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.ok(m?.sequenceNumber);
    await receiver.deferMessage(m, { stage: "parked" });
    const [next] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(next?.body, "next");
    await receiver.completeMessage(next as ServiceBusReceivedMessage);
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).length, 0);
    const [peeked] = await receiver.peekMessages(1, { fromSequenceNumber: m.sequenceNumber });
    assert.equal(peeked?.state, "deferred");
    const [again] = await receiver.receiveDeferredMessages(m.sequenceNumber);
    assert.equal(again?.body, "deferred");
    assert.equal(again?.state, "deferred");
    assert.equal(again?.applicationProperties?.stage, "parked");
    await receiver.completeMessage(again as ServiceBusReceivedMessage);
    assert.equal((await receiver.peekMessages(5, { fromSequenceNumber: m.sequenceNumber })).length, 0);
  });

  it("peeks without locking, in sequence order, resuming after the last peeked", async () => {
    await broker.client.createSender("jobs").sendMessages([{ body: 1 }, { body: 2 }, { body: 3 }]);
    const receiver = broker.client.createReceiver("jobs");
    const firstTwo = await receiver.peekMessages(2);
    assert.deepEqual(
      firstTwo.map((m) => m.body),
      [1, 2],
    );
    const rest = await receiver.peekMessages(2);
    assert.deepEqual(
      rest.map((m) => m.body),
      [3],
    );
    const all = await receiver.receiveMessages(3, { maxWaitTimeInMs: 2000 });
    assert.equal(all.length, 3);
    assert.equal(all[0]?.deliveryCount, 0);
  });

  it("dead-letters an expired message when DeadLetteringOnMessageExpiration is set", async () => {
    await broker.client.createSender("expiring-dlq").sendMessages({ body: "stale", timeToLive: 200 });
    clock.advance(200);
    const dlq = broker.client.createReceiver("expiring-dlq", { subQueueType: "deadLetter" });
    const [dead] = await dlq.receiveMessages(1, { maxWaitTimeInMs: 3000 });
    assert.equal(dead?.body, "stale");
    assert.equal(dead?.deadLetterReason, "TTLExpiredException");
    assert.equal((await broker.client.createReceiver("expiring-dlq").peekMessages(5)).length, 0);
  });

  it("drops an expired message otherwise (entity DefaultMessageTimeToLive caps the message's)", async () => {
    await broker.client.createSender("expiring-drop").sendMessages({ body: "gone", timeToLive: 60_000 });
    const receiver = broker.client.createReceiver("expiring-drop");
    assert.equal((await receiver.peekMessages(5)).length, 1);
    clock.advance(300);
    await waitFor(async () => (await receiver.peekMessages(5, { fromSequenceNumber: Long.ONE })).length === 0, 3000);
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).length, 0);
    const dlq = broker.client.createReceiver("expiring-drop", { subQueueType: "deadLetter" });
    assert.equal((await dlq.peekMessages(5)).length, 0);
  });

  it("drops a re-send with the same message id inside the duplicate-detection window", async () => {
    const sender = broker.client.createSender("dedupe");
    await sender.sendMessages({ body: "first", messageId: "same-id" });
    await sender.sendMessages({ body: "second", messageId: "same-id" });
    await sender.sendMessages([
      { body: "third", messageId: "same-id" },
      { body: "other", messageId: "other-id" },
    ]);
    const receiver = broker.client.createReceiver("dedupe", { receiveMode: "receiveAndDelete" });
    const got = await receiver.receiveMessages(10, { maxWaitTimeInMs: 1000 });
    assert.deepEqual(
      got.map((m) => m.body),
      ["first", "other"],
    );
  });
});
