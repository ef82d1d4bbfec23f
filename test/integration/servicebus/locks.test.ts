import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { isServiceBusError, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { AdjustableClock } from "../../../sandbox/shared/clock.js";
import { waitFor } from "../../helpers/waitFor.js";
import { aConfig, startTestBroker, type TestBroker } from "./harness.js";

const config = aConfig({ queues: { short: { LockDuration: "PT1S", MaxDeliveryCount: 5 } } });
const lockLost = (e: unknown) => isServiceBusError(e) && e.code === "MessageLockLost";

describe("message locks", () => {
  let broker: TestBroker;
  // Broker time stands still unless a test moves it, so a 1 s lock expires exactly when the test says.
  let clock: AdjustableClock;
  beforeEach(async () => {
    clock = AdjustableClock.frozenAt();
    broker = await startTestBroker(config, { staleDeliveryGraceMs: 800, clock });
  });
  afterEach(() => broker.close());

  it("redelivers when the lock expires, with delivery count + 1; settling the stale lock fails with MessageLockLost", async () => {
    await broker.client.createSender("short").sendMessages({ body: "slow worker" });
    const receiver = broker.client.createReceiver("short", { maxAutoLockRenewalDurationInMs: 0 });
    const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.ok(first);
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 200 })).length, 0, "locked, not redelivered");
    clock.advance(1000);
    const [second] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 3000 });
    assert.equal(second?.body, "slow worker");
    assert.equal(second?.deliveryCount, 1);
    assert.notEqual(second?.lockToken, first.lockToken);
    await assert.rejects(receiver.completeMessage(first), lockLost);
    await receiver.completeMessage(second as ServiceBusReceivedMessage);
  });

  it("renewMessageLock extends the lock so it does not expire", async () => {
    await broker.client.createSender("short").sendMessages({ body: "long job" });
    const receiver = broker.client.createReceiver("short", { maxAutoLockRenewalDurationInMs: 0 });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.ok(m?.lockedUntilUtc);
    const before = m.lockedUntilUtc.getTime();
    for (let i = 0; i < 3; i++) {
      clock.advance(600);
      const until = await receiver.renewMessageLock(m);
      assert.equal(until.getTime(), clock.now() + 1000, "renewed for the lock duration from now");
    }
    assert.ok((m.lockedUntilUtc?.getTime() ?? 0) > before);
    // 1.8 s of broker time after receipt with a 1 s lock: only the renewals keep it alive.
    await receiver.completeMessage(m);
    assert.equal((await receiver.peekMessages(5)).length, 0);
  });

  it("renewing an unknown lock fails with MessageLockLost", async () => {
    await broker.client.createSender("short").sendMessages({ body: "x" });
    const receiver = broker.client.createReceiver("short", { maxAutoLockRenewalDurationInMs: 0 });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await receiver.completeMessage(m as ServiceBusReceivedMessage);
    await assert.rejects(receiver.renewMessageLock(m as ServiceBusReceivedMessage), lockLost);
  });

  it("settles through $management after the receiver link is gone (locks outlive the link)", async () => {
    await broker.client.createSender("short").sendMessages([{ body: "complete-me" }, { body: "dead-letter-me" }]);
    const receiver = broker.client.createReceiver("short", { maxAutoLockRenewalDurationInMs: 0 });
    const got = await receiver.receiveMessages(2, { maxWaitTimeInMs: 2000 });
    assert.equal(got.length, 2);
    await receiver.close();
    const other = broker.client.createReceiver("short");
    const [a, b] = got as [ServiceBusReceivedMessage, ServiceBusReceivedMessage];
    await other.completeMessage(a);
    await other.deadLetterMessage(b, { deadLetterReason: "manual", deadLetterErrorDescription: "after close" });
    assert.equal((await other.peekMessages(5)).length, 0);
    const [dead] = await broker.client
      .createReceiver("short", { subQueueType: "deadLetter" })
      .receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(dead?.body, "dead-letter-me");
    assert.equal(dead?.deadLetterReason, "manual");
  });

  it("the auto lock renewer keeps a message locked past its lock duration while the handler runs", async () => {
    // The SDK's renewer runs on the client's wall clock: broker time must run too.
    clock.unfreeze();
    await broker.client.createSender("short").sendMessages({ body: "auto-renewed" });
    const receiver = broker.client.createReceiver("short", { maxAutoLockRenewalDurationInMs: 10_000 });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.ok(m);
    await new Promise((r) => setTimeout(r, 1500));
    await receiver.completeMessage(m);
    assert.equal((await receiver.peekMessages(5)).length, 0);
  });

  it("settles a delivery the client abandoned without a word once its lock is gone (frees the session slot)", async () => {
    await broker.client.createSender("short").sendMessages({ body: "forgotten" });
    const receiver = broker.client.createReceiver("short", { maxAutoLockRenewalDurationInMs: 0 });
    const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    const delivery = (first as unknown as { delivery: { remote_settled: boolean } }).delivery;
    assert.equal(delivery.remote_settled, false);
    // Lock 1 s, then grace 0.8 s counted from when the broker's sweep notices: time moves on until it settles.
    clock.advance(1000);
    await waitFor(
      () => {
        clock.advance(100);
        return delivery.remote_settled;
      },
      { timeoutMs: 10_000, intervalMs: 50, message: "the broker settling the stale delivery" },
    );
    const [again] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(again?.body, "forgotten");
    assert.equal(again?.deliveryCount, 1);
    await receiver.completeMessage(again as ServiceBusReceivedMessage);
  });
});
