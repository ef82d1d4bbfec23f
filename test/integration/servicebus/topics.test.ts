import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import { parseClusterEvent } from "../../../src/events/buildClusterEvent.js";
import { createClusterEventPublisher } from "../../../src/events/clusterEventPublisher.js";
import { createServiceBusClient } from "../../../src/events/createServiceBusClient.js";
import { exampleEvents } from "../../unit/events/exampleEvents.js";
import { aConfig, startTestBroker, type TestBroker } from "./harness.js";

const config = aConfig({
  topics: {
    events: {
      properties: { RequiresDuplicateDetection: true, DuplicateDetectionHistoryTimeWindow: "PT1M" },
      subscriptions: {
        all: {},
        failures: {
          rules: [
            {
              Name: "failed",
              Properties: {
                FilterType: "Correlation",
                CorrelationFilter: { Properties: { eventType: "cluster.provisioning.failed" } },
              },
            },
          ],
        },
        "by-label": {
          rules: [{ Name: "label", Properties: { FilterType: "Correlation", CorrelationFilter: { Label: "urgent" } } }],
        },
        "big-pools": {
          rules: [
            {
              Name: "sql",
              Properties: {
                FilterType: "Sql",
                SqlFilter: { SqlExpression: "size > 10 AND region IN ('westeurope', 'northeurope')" },
              },
            },
          ],
        },
      },
    },
  },
});

async function drain(broker: TestBroker, subscription: string): Promise<ServiceBusReceivedMessage[]> {
  const receiver = broker.client.createReceiver("events", subscription, { receiveMode: "receiveAndDelete" });
  const all: ServiceBusReceivedMessage[] = [];
  for (;;) {
    const got = await receiver.receiveMessages(20, { maxWaitTimeInMs: 300 });
    if (got.length === 0) return all;
    all.push(...got);
  }
}

describe("topics and subscriptions", () => {
  let broker: TestBroker;
  beforeEach(async () => {
    broker = await startTestBroker(config);
  });
  afterEach(() => broker.close());

  it("fans a message out to every subscription whose filter matches", async () => {
    const sender = broker.client.createSender("events");
    await sender.sendMessages([
      { body: "plain", messageId: "1" },
      { body: "urgent", messageId: "2", subject: "urgent" },
      { body: "big", messageId: "3", applicationProperties: { size: 20, region: "westeurope" } },
      { body: "big-elsewhere", messageId: "4", applicationProperties: { size: 20, region: "eastus" } },
      { body: "failed", messageId: "5", applicationProperties: { eventType: "cluster.provisioning.failed" } },
    ]);
    const bodies = async (s: string) => (await drain(broker, s)).map((m) => m.body);
    assert.deepEqual(await bodies("all"), ["plain", "urgent", "big", "big-elsewhere", "failed"]);
    assert.deepEqual(await bodies("failures"), ["failed"]);
    assert.deepEqual(await bodies("by-label"), ["urgent"]);
    assert.deepEqual(await bodies("big-pools"), ["big"]);
  });

  it("gives each subscription its own copy: settling one leaves the others", async () => {
    // Matches "all" (no rules) and "by-label" (Label = urgent): two copies.
    await broker.client.createSender("events").sendMessages({ body: "shared", messageId: "s", subject: "urgent" });
    const receiver = broker.client.createReceiver("events", "all");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await receiver.deadLetterMessage(m as ServiceBusReceivedMessage, {
      deadLetterReason: "test",
      deadLetterErrorDescription: "one copy only",
    });
    const dlq = broker.client.createReceiver("events", "all", { subQueueType: "deadLetter" });
    const [dead] = await dlq.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(dead?.deadLetterSource, "events/Subscriptions/all");
    assert.equal((await drain(broker, "all")).length, 0);
    const [copy, ...more] = await drain(broker, "by-label");
    assert.equal(more.length, 0);
    assert.equal(copy?.body, "shared");
    assert.equal(copy?.messageId, "s");
    assert.equal(copy?.deliveryCount, 0, "the other copy was never delivered");
    assert.equal(copy?.deadLetterReason, undefined);
    assert.notEqual(copy?.sequenceNumber?.toString(), m?.sequenceNumber?.toString(), "each copy has its own number");
  });

  it("routes a scheduled topic message when it becomes active", async () => {
    await broker.client.createSender("events").scheduleMessages({ body: "timed" }, new Date(Date.now() + 300));
    const receiver = broker.client.createReceiver("events", "all");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 3000 });
    assert.equal(m?.body, "timed");
  });

  it("gives a topic message scheduled for a time already passed a sequence number, and routes it at once", async () => {
    const sender = broker.client.createSender("events");
    const [seq, ...more] = await sender.scheduleMessages({ body: "overdue" }, new Date(Date.now() - 1000));
    assert.equal(more.length, 0);
    assert.ok(seq !== undefined, "scheduleMessages returned no sequence number");
    const [m] = await broker.client.createReceiver("events", "all").receiveMessages(1, { maxWaitTimeInMs: 2000 });
    assert.equal(m?.body, "overdue");
  });

  it("publishes cluster events that come back through a filtered subscription as CloudEvents; a re-send is dropped", async () => {
    const client = createServiceBusClient({ connectionString: broker.sandbox.connectionString });
    const publisher = createClusterEventPublisher(client, { topicName: "events" });
    try {
      const failed = exampleEvents["cluster.provisioning.failed"];
      await publisher.publishAll([exampleEvents["cluster.provisioning.started"], failed]);
      await publisher.publish(failed); // e.g. an activity retried after a crash
      await publisher.publish(exampleEvents["cluster.provisioned"]);
      const [only, ...rest] = await drain(broker, "failures");
      assert.equal(rest.length, 0);
      assert.ok(only);
      assert.equal(only.contentType, "application/cloudevents+json");
      assert.equal(only.correlationId, "REQ-1042");
      assert.equal(only.applicationProperties?.eventType, "cluster.provisioning.failed");
      const event = parseClusterEvent(only.body);
      assert.equal(event.type, "cluster.provisioning.failed");
      assert.equal(event.source, "/aks-provisioner");
      assert.equal(event.id, only.messageId);
      assert.equal(event.subject, only.subject);
      assert.deepEqual(event.data, failed.data);
      assert.deepEqual(
        (await drain(broker, "all")).map((m) => parseClusterEvent(m.body).type),
        ["cluster.provisioning.started", "cluster.provisioning.failed", "cluster.provisioned"],
      );
    } finally {
      await publisher.close();
      await client.close();
    }
  });

  it("publishes a backlog past one message batch's 256 KiB in several batches, in order, none lost", async () => {
    const client = createServiceBusClient({ connectionString: broker.sandbox.connectionString });
    const publisher = createClusterEventPublisher(client, { topicName: "events" });
    const progress = exampleEvents["cluster.provisioning.progress"];
    // What a run keeps through a broker outage: 200 progress events of about 2 KB each (~400 KB).
    const backlog = Array.from({ length: 200 }, (_, i) => ({
      ...progress,
      data: { ...progress.data, sequence: i + 1, message: `waiting: ${"the pool is still scaling; ".repeat(75)}` },
    }));
    try {
      await publisher.publishAll(backlog);
      const received = await drain(broker, "all");
      assert.deepEqual(
        received.map((m) => (parseClusterEvent(m.body).data as { sequence: number }).sequence),
        backlog.map((e) => e.data.sequence),
      );
    } finally {
      await publisher.close();
      await client.close();
    }
  });
});
