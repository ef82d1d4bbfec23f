import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { isServiceBusError, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { aConfig, startTestBroker, type TestBroker } from "./harness.js";

const config = aConfig({
  queues: {
    work: { LockDuration: "PT30S", MaxDeliveryCount: 3 },
    other: {},
  },
});

describe("queue send and peek-lock receive", () => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await startTestBroker(config);
  });
  afterEach(() => broker.close());

  it("sends a message and receives it peek-locked with its properties, then completes it", async () => {
    const sender = broker.client.createSender("work");
    await sender.sendMessages({
      body: { hello: "world" },
      messageId: "m-1",
      correlationId: "REQ-1",
      subject: "greeting",
      contentType: "application/json",
      applicationProperties: { kind: "test", n: 42 },
    });
    const receiver = broker.client.createReceiver("work");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.ok(m);
    assert.deepEqual(m.body, { hello: "world" });
    assert.equal(m.messageId, "m-1");
    assert.equal(m.correlationId, "REQ-1");
    assert.equal(m.subject, "greeting");
    assert.equal(m.contentType, "application/json");
    assert.deepEqual(m.applicationProperties, { kind: "test", n: 42 });
    assert.equal(m.deliveryCount, 0);
    assert.ok(m.sequenceNumber && m.sequenceNumber.toNumber() >= 1);
    assert.ok(m.enqueuedTimeUtc instanceof Date);
    assert.ok(m.lockedUntilUtc && m.lockedUntilUtc.getTime() > Date.now() + 20_000);
    assert.match(m.lockToken ?? "", /^[0-9a-f-]{36}$/);
    await receiver.completeMessage(m);
    const again = await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 });
    assert.equal(again.length, 0);
    assert.equal((await receiver.peekMessages(10)).length, 0);
  });

  it("assigns a message id when the sender sets none", async () => {
    await broker.client.createSender("work").sendMessages({ body: "no id" });
    const [m] = await broker.client.createReceiver("work").receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.match(String(m?.messageId), /^[0-9a-f]{32}$/);
  });

  it("sends an array and a batch; messages arrive in order with increasing sequence numbers", async () => {
    const sender = broker.client.createSender("work");
    await sender.sendMessages([{ body: 1 }, { body: 2 }, { body: 3 }]);
    const batch = await sender.createMessageBatch();
    assert.equal(batch.maxSizeInBytes, 262144);
    for (const body of [4, 5]) assert.ok(batch.tryAddMessage({ body }));
    await sender.sendMessages(batch);
    const receiver = broker.client.createReceiver("work");
    const received: ServiceBusReceivedMessage[] = [];
    while (received.length < 5) received.push(...(await receiver.receiveMessages(5, { maxWaitTimeInMs: 2000 })));
    assert.deepEqual(
      received.map((m) => m.body),
      [1, 2, 3, 4, 5],
    );
    const seqs = received.map((m) => m.sequenceNumber?.toNumber() ?? 0);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    for (const m of received) await receiver.completeMessage(m);
  });

  it("receive-and-delete removes messages as they are delivered", async () => {
    await broker.client.createSender("work").sendMessages([{ body: "a" }, { body: "b" }]);
    const receiver = broker.client.createReceiver("work", { receiveMode: "receiveAndDelete" });
    const got = await receiver.receiveMessages(2, { maxWaitTimeInMs: 2000 });
    assert.deepEqual(
      got.map((m) => m.body),
      ["a", "b"],
    );
    assert.equal((await broker.client.createReceiver("work").peekMessages(10)).length, 0);
  });

  it("abandon makes the message available again with delivery count + 1", async () => {
    await broker.client.createSender("work").sendMessages({ body: "retry me" });
    const receiver = broker.client.createReceiver("work");
    const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.ok(first);
    await receiver.abandonMessage(first, { reason: "try-later" });
    const [second] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(second?.body, "retry me");
    assert.equal(second?.deliveryCount, 1);
    assert.equal(second?.applicationProperties?.reason, "try-later");
    await receiver.completeMessage(second as ServiceBusReceivedMessage);
  });

  it("dead-letters with reason and description; the DLQ holds the message", async () => {
    await broker.client.createSender("work").sendMessages({ body: "poison", messageId: "p-1" });
    const receiver = broker.client.createReceiver("work");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await receiver.deadLetterMessage(m as ServiceBusReceivedMessage, {
      deadLetterReason: "Unparseable",
      deadLetterErrorDescription: "body is not a cluster request",
    });
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).length, 0);
    const dlq = broker.client.createReceiver("work", { subQueueType: "deadLetter" });
    const [dead] = await dlq.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(dead?.body, "poison");
    assert.equal(dead?.messageId, "p-1");
    assert.equal(dead?.deadLetterReason, "Unparseable");
    assert.equal(dead?.deadLetterErrorDescription, "body is not a cluster request");
    assert.equal(dead?.deadLetterSource, "work");
    await dlq.completeMessage(dead as ServiceBusReceivedMessage);
  });

  it("moves a message to the DLQ with MaxDeliveryCountExceeded after MaxDeliveryCount deliveries", async () => {
    await broker.client.createSender("work").sendMessages({ body: "always fails" });
    const receiver = broker.client.createReceiver("work");
    for (let i = 0; i < 3; i++) {
      const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
      assert.equal(m?.deliveryCount, i);
      await receiver.abandonMessage(m as ServiceBusReceivedMessage);
    }
    assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).length, 0);
    const [dead] = await broker.client
      .createReceiver("work", { subQueueType: "deadLetter" })
      .receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(dead?.body, "always fails");
    assert.equal(dead?.deadLetterReason, "MaxDeliveryCountExceeded");
    assert.equal(dead?.deliveryCount, 3);
  });

  it("streams with subscribe(): completes on success, abandons when the handler throws", async () => {
    await broker.client.createSender("work").sendMessages([{ body: "ok" }, { body: "fail-once" }]);
    const receiver = broker.client.createReceiver("work");
    const seen: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      receiver.subscribe(
        {
          async processMessage(m) {
            seen.push(`${m.body}#${m.deliveryCount}`);
            if (m.body === "fail-once" && m.deliveryCount === 0) throw new Error("first attempt fails");
            if (seen.length === 3) resolve();
          },
          async processError(args) {
            // The SDK reports the handler's own throw here too; only other errors fail the test.
            if ((args.error as Error).message !== "first attempt fails") reject(args.error);
          },
        },
        { maxConcurrentCalls: 1 },
      );
    });
    await done;
    await receiver.close();
    assert.deepEqual(seen, ["ok#0", "fail-once#0", "fail-once#1"]);
    assert.equal((await broker.client.createReceiver("work").peekMessages(10)).length, 0);
  });

  it("keeps delivering past 2048 peek-locked messages on one link (settled deliveries free their session slots)", async () => {
    const sender = broker.client.createSender("work");
    const total = 2200;
    for (let i = 0; i < total; i += 200) {
      await sender.sendMessages(Array.from({ length: 200 }, (_, j) => ({ body: i + j })));
    }
    const receiver = broker.client.createReceiver("work");
    let completed = 0;
    await new Promise<void>((resolve, reject) => {
      const subscription = receiver.subscribe(
        {
          async processMessage(m) {
            await receiver.completeMessage(m);
            if (++completed === total) subscription.close().then(resolve, reject);
          },
          async processError(args) {
            reject(args.error);
          },
        },
        { autoCompleteMessages: false, maxConcurrentCalls: 50 },
      );
    });
    assert.equal(completed, total);
  });

  it("keeps the receiver link over repeated empty receives (drain is answered)", async () => {
    const receiver = broker.client.createReceiver("work");
    const started = Date.now();
    for (let i = 0; i < 3; i++) assert.equal((await receiver.receiveMessages(1, { maxWaitTimeInMs: 200 })).length, 0);
    // Without a drained flow the SDK waits, closes the link and re-attaches each time (much slower).
    assert.ok(Date.now() - started < 2500, `empty receives took ${Date.now() - started} ms`);
    await broker.client.createSender("work").sendMessages({ body: "late" });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(m?.body, "late");
  });

  it("rejects an unknown entity with MessagingEntityNotFound", async () => {
    const sender = broker.client.createSender("no-such-queue");
    await assert.rejects(
      sender.sendMessages({ body: 1 }),
      (e: unknown) => isServiceBusError(e) && e.code === "MessagingEntityNotFound",
    );
    const receiver = broker.client.createReceiver("no-such-queue");
    await assert.rejects(
      receiver.receiveMessages(1, { maxWaitTimeInMs: 500 }),
      (e: unknown) => isServiceBusError(e) && e.code === "MessagingEntityNotFound",
    );
  });

  it("rejects an oversize message with MessageSizeExceeded", async () => {
    const sender = broker.client.createSender("work");
    await assert.rejects(
      sender.sendMessages({ body: Buffer.alloc(300 * 1024, 1) }),
      (e: unknown) => isServiceBusError(e) && e.code === "MessageSizeExceeded",
    );
  });

  it("locks only as many messages as a receiver has credit for; the rest stay for other receivers", async () => {
    await broker.client.createSender("work").sendMessages(Array.from({ length: 10 }, (_, i) => ({ body: i })));
    const first = await broker.client.createReceiver("work").receiveMessages(1, { maxWaitTimeInMs: 1000 });
    assert.equal(first.length, 1);
    const other = broker.newClient().createReceiver("work");
    const rest = await other.receiveMessages(5, { maxWaitTimeInMs: 1000 });
    assert.equal(rest.length, 5);
    const peeked = await other.peekMessages(10);
    assert.equal(peeked.filter((m) => m.lockedUntilUtc).length, 6, "1 + 5 locked, 4 free");
  });

  it("serves a second client interleaving sends and receives on the same queue", async () => {
    const other = broker.newClient();
    const senderA = broker.client.createSender("work");
    const senderB = other.createSender("work");
    const receiverA = broker.client.createReceiver("work");
    const receiverB = other.createReceiver("work");
    const bodies = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await senderA.sendMessages({ body: `a${i}` });
      await senderB.sendMessages({ body: `b${i}` });
      const receiver = i % 2 === 0 ? receiverA : receiverB;
      for (const m of await receiver.receiveMessages(2, { maxWaitTimeInMs: 1000 })) {
        bodies.add(String(m.body));
        await receiver.completeMessage(m);
      }
    }
    while (bodies.size < 10) {
      const got = await receiverB.receiveMessages(10, { maxWaitTimeInMs: 500 });
      if (got.length === 0) break;
      for (const m of got) {
        bodies.add(String(m.body));
        await receiverB.completeMessage(m);
      }
    }
    assert.equal(bodies.size, 10);
  });
});
