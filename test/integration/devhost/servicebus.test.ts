import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ServiceBusClient } from "@azure/service-bus";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { type ServiceBusSandbox, startServiceBusSandbox } from "../../../sandbox/servicebus/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { FIXTURE_APP, json, removeTempDirs, tempDir } from "./helpers.js";

const QUEUE = "devhost-requests";
const TOPIC = "devhost-events";
const SUBSCRIPTION = "devhost-audit";

let broker: ServiceBusSandbox;
let d: Devhost;
let client: ServiceBusClient;

before(async () => {
  broker = await startServiceBusSandbox({
    tlsPort: null,
    stateDir: tempDir("devhost-sb-broker"),
    config: {
      UserConfig: {
        Namespaces: [
          {
            Name: "sbemulatorns",
            Queues: [{ Name: QUEUE, Properties: { MaxDeliveryCount: 2, LockDuration: "PT30S" } }],
            Topics: [
              {
                Name: TOPIC,
                Properties: {},
                Subscriptions: [{ Name: SUBSCRIPTION, Properties: { MaxDeliveryCount: 3 }, Rules: [] }],
              },
            ],
          },
        ],
      },
    },
  });
  d = await startDevhost({
    appDir: FIXTURE_APP,
    stateDir: tempDir("devhost-sb"),
    timers: false,
    log: false,
    env: {
      ServiceBusConnection: broker.connectionString,
      SB_QUEUE: QUEUE,
      SB_TOPIC: TOPIC,
      SB_SUBSCRIPTION: SUBSCRIPTION,
    },
  });
  client = new ServiceBusClient(broker.connectionString, { retryOptions: { maxRetries: 1, retryDelayInMs: 100 } });
});

after(async () => {
  await client?.close();
  await d?.stop();
  await broker?.stop();
  removeTempDirs();
});

type Received = { source: string; body: Record<string, unknown>; metadata: Record<string, unknown> };

async function receivedWhere(predicate: (r: Received[]) => boolean, timeoutMs = 10_000): Promise<Received[]> {
  let list: Received[] = [];
  return waitFor(
    async () => {
      list = await json<Received[]>(await fetch(`${d.url}/api/sb/received`));
      return predicate(list) ? list : undefined;
    },
    { timeoutMs, intervalMs: 50, message: () => `messages received (so far: ${JSON.stringify(list)})` },
  );
}

test("queue trigger gets the body and trigger metadata; the message is completed", async () => {
  const sender = client.createSender(QUEUE);
  await sender.sendMessages({
    body: { hello: "queue" },
    messageId: "msg-q1",
    correlationId: "corr-1",
    applicationProperties: { kind: "request" },
  });
  await sender.close();
  const list = await receivedWhere((l) => l.some((r) => r.body.hello === "queue"));
  const got = list.find((r) => r.body.hello === "queue");
  assert.equal(got?.source, "queue");
  assert.equal(got?.metadata.messageId, "msg-q1");
  assert.equal(got?.metadata.deliveryCount, 1);
  assert.equal(got?.metadata.correlationId, "corr-1");
  assert.ok(got?.metadata.enqueuedTimeUtc);
  assert.deepEqual(got?.metadata.applicationProperties, { kind: "request" });
  const peeker = client.createReceiver(QUEUE);
  assert.equal((await peeker.peekMessages(10)).length, 0, "completed message is gone");
  await peeker.close();
});

test("a body nested 20,000 deep reaches the function parsed, as the host hands it over; text that is not JSON comes as text", async () => {
  const sender = client.createSender(QUEUE);
  const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
  await sender.sendMessages([
    { body: Buffer.from(`{"tag":"deep-1","deep":${deep}}`), messageId: "deep-1", contentType: "application/json" },
    { body: Buffer.from("plain text, not JSON"), messageId: "text-1" },
  ]);
  await sender.close();
  const list = await receivedWhere(
    (l) => l.some((r) => r.body.tag === "deep-1") && l.some((r) => r.metadata.messageId === "text-1"),
  );
  assert.equal(list.find((r) => r.body.tag === "deep-1")?.body.deep, 20_000);
  assert.equal(list.find((r) => r.metadata.messageId === "text-1")?.body, "plain text, not JSON");
  assert.equal(list.filter((r) => r.metadata.messageId === "deep-1").length, 1, "delivered once, completed");
  const dlq = client.createReceiver(QUEUE, { subQueueType: "deadLetter" });
  assert.deepEqual(
    (await dlq.peekMessages(10)).map((m) => m.messageId),
    [],
    "nothing dead-lettered",
  );
  await dlq.close();
});

test("topic subscription trigger", async () => {
  const sender = client.createSender(TOPIC);
  await sender.sendMessages({ body: { hello: "topic" } });
  await sender.close();
  const list = await receivedWhere((l) => l.some((r) => r.body.hello === "topic"));
  assert.equal(list.find((r) => r.body.hello === "topic")?.source, "topic");
});

test("a failing function abandons; after MaxDeliveryCount the message is dead-lettered", async () => {
  const sender = client.createSender(QUEUE);
  await sender.sendMessages({ body: { poison: true, n: 1 }, messageId: "poison-1" });
  await sender.close();
  const list = await receivedWhere((l) => l.filter((r) => r.body.poison).length >= 2);
  assert.deepEqual(
    list.filter((r) => r.body.poison).map((r) => r.metadata.deliveryCount),
    [1, 2],
  );
  const dlq = client.createReceiver(QUEUE, { subQueueType: "deadLetter" });
  const dead = await dlq.receiveMessages(1, { maxWaitTimeInMs: 5000 });
  assert.equal(dead[0]?.messageId, "poison-1");
  await dlq.completeMessage(dead[0] as never);
  await dlq.close();
});

test("a queue-triggered durable client starts an orchestration", async () => {
  const id = `sb-orch-${Date.now()}`;
  const sender = client.createSender(QUEUE);
  await sender.sendMessages({ body: { orchestrate: id } });
  await sender.close();
  await d.engine.waitFor(() => d.engine.store.instances.has(id), 10_000);
  const s = await d.waitForInstance(id, 10_000);
  assert.equal(s.output, "hello hello sb");
});

test("a Service Bus output binding sends one message per array element", async () => {
  const tag = `out-${Date.now()}`;
  const res = await fetch(`${d.url}/api/sb/publish`, { method: "POST", body: JSON.stringify(tag) });
  assert.equal(res.status, 202);
  const list = await receivedWhere((l) => l.filter((r) => r.body.published === tag).length >= 2);
  assert.deepEqual(
    list
      .filter((r) => r.body.published === tag)
      .map((r) => r.body.n)
      .sort(),
    [1, 2],
  );
});
