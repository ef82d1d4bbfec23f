import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { AdjustableClock } from "../../../sandbox/shared/clock.js";
import { type StandInProcess, spawnStandIn } from "../../helpers/spawnStandIn.js";
import { aConfig, startTestBroker } from "./harness.js";

const config = aConfig({
  queues: {
    durable: { LockDuration: "PT1S", MaxDeliveryCount: 10, RequiresDuplicateDetection: true },
  },
});

async function receiveAll(client: ServiceBusClient, queue: string, expected: number, timeoutMs = 8000) {
  const receiver = client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
  const got: ServiceBusReceivedMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < expected && Date.now() < deadline) {
    const batch = await receiver.receiveMessages(100, { maxWaitTimeInMs: 500 });
    got.push(...batch);
    // Settled together (one group commit): one by one, each waiting for its fsync, they could outlast
    // the 1 s lock on a loaded machine (the kill -9 test's broker runs on the wall clock).
    await Promise.all(batch.map((m) => receiver.completeMessage(m)));
  }
  await receiver.close();
  return got;
}

describe("journal: nothing accepted is lost", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sb-durable-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps messages, completions, dead letters, duplicate history and locks across a restart", async () => {
    // Broker time stands still, so no 1 s lock runs out while the test works (a loaded machine cannot stretch it).
    const clock = AdjustableClock.frozenAt();
    const first = await startTestBroker(config, { stateDir: dir, clock });
    const sender = first.client.createSender("durable");
    await sender.sendMessages(Array.from({ length: 30 }, (_, i) => ({ body: i, messageId: `id-${i}` })));
    const receiver = first.client.createReceiver("durable", { maxAutoLockRenewalDurationInMs: 0 });
    const got = await receiver.receiveMessages(12, { maxWaitTimeInMs: 2000 });
    assert.equal(got.length, 12);
    for (const m of got.slice(0, 8)) await receiver.completeMessage(m);
    await receiver.deadLetterMessage(got[8] as ServiceBusReceivedMessage, {
      deadLetterReason: "kept",
      deadLetterErrorDescription: "kept for the test",
    });
    // got[9..11] stay locked when the broker stops.
    await first.close();

    // The second broker starts past the locks' expiry: they run out at once, into a redelivery.
    const second = await startTestBroker(config, {
      stateDir: dir,
      clock: AdjustableClock.frozenAt(clock.now() + 1000),
    });
    try {
      await second.client.createSender("durable").sendMessages({ body: "dup", messageId: "id-0" });
      const rest = await receiveAll(second.client, "durable", 21);
      const bodies = rest.map((m) => m.body as number).sort((a, b) => a - b);
      assert.deepEqual(
        bodies,
        Array.from({ length: 21 }, (_, i) => i + 9),
      );
      const relocked = rest.filter((m) => (m.body as number) >= 9 && (m.body as number) <= 11);
      assert.ok(
        relocked.every((m) => m.deliveryCount === 1),
        "locks held at the stop expired into a redelivery",
      );
      const [dead] = await second.client
        .createReceiver("durable", { subQueueType: "deadLetter" })
        .receiveMessages(1, { maxWaitTimeInMs: 2000 });
      assert.equal(dead?.deadLetterReason, "kept");
    } finally {
      await second.close();
    }
  });

  it("compacts the journal into a snapshot and still restores everything", async () => {
    const clock = AdjustableClock.frozenAt();
    const first = await startTestBroker(config, { stateDir: dir, compactAfterBytes: 4096, clock });
    const sender = first.client.createSender("durable");
    for (let i = 0; i < 4; i++) {
      await sender.sendMessages(
        Array.from({ length: 25 }, (_, j) => ({ body: `${i}-${j}`, messageId: `c-${i}-${j}` })),
      );
    }
    const drained = await receiveAll(first.client, "durable", 50, 3000);
    assert.ok(drained.length >= 50);
    await first.close();
    assert.ok(readdirSync(dir).includes("snapshot.jsonl"));
    const second = await startTestBroker(config, { stateDir: dir, clock });
    try {
      const rest = await receiveAll(second.client, "durable", 100 - drained.length);
      assert.equal(rest.length + drained.length, 100);
      const ids = new Set([...drained, ...rest].map((m) => m.messageId));
      assert.equal(ids.size, 100);
    } finally {
      await second.close();
    }
  });

  it("routes a scheduled topic message whose time passed while the broker was down", async () => {
    const topicConfig = aConfig({ topics: { later: { subscriptions: { all: {} } } } });
    const clock = AdjustableClock.frozenAt();
    const first = await startTestBroker(topicConfig, { stateDir: dir, clock });
    const at = clock.now() + 400;
    await first.client.createSender("later").scheduleMessages({ body: "held" }, new Date(at));
    await first.close();
    // The first broker stopped before the scheduled time; the second starts after it.
    const second = await startTestBroker(topicConfig, { stateDir: dir, clock: AdjustableClock.frozenAt(at + 1) });
    try {
      const [m] = await second.client.createReceiver("later", "all").receiveMessages(1, { maxWaitTimeInMs: 2000 });
      assert.equal(m?.body, "held");
    } finally {
      await second.close();
    }
  });

  it("survives kill -9 of the broker process mid-stream: every acknowledged send and completion holds", async () => {
    const configPath = join(dir, "config.json");
    writeFileSync(configPath, JSON.stringify(config));
    const stateDir = join(dir, "state");
    let broker = await spawnBroker([
      "--port",
      "0",
      "--tls-port",
      "none",
      "--state-dir",
      stateDir,
      "--config",
      configPath,
    ]);
    const port = new URL(broker.connectionString.replace(/^Endpoint=sb/, "http").split(";")[0] as string).port;
    const client = new ServiceBusClient(broker.connectionString, {
      retryOptions: { maxRetries: 0, timeoutInMs: 3000 },
    });
    const sender = client.createSender("durable");
    const acked = new Set<string>();
    const completed = new Set<string>();
    let n = 0;
    const sending = (async () => {
      for (;;) {
        const ids = [`k-${n++}`, `k-${n++}`];
        try {
          await sender.sendMessages(ids.map((messageId) => ({ body: messageId, messageId })));
        } catch {
          return;
        }
        for (const id of ids) acked.add(id);
      }
    })();
    const receiver = client.createReceiver("durable", { maxAutoLockRenewalDurationInMs: 0 });
    while (completed.size < 40) {
      const batch = await receiver.receiveMessages(10, { maxWaitTimeInMs: 500 });
      await Promise.all(
        batch.map(async (m) => {
          await receiver.completeMessage(m);
          completed.add(String(m.messageId));
        }),
      );
    }
    await broker.kill("SIGKILL");
    await sending;
    await Promise.race([client.close(), new Promise((r) => setTimeout(r, 2000))]);
    assert.ok(acked.size > 40, `only ${acked.size} sends acknowledged before the kill`);

    broker = await spawnBroker(["--port", port, "--tls-port", "none", "--state-dir", stateDir, "--config", configPath]);
    const after = new ServiceBusClient(broker.connectionString);
    try {
      const remaining = await receiveAll(after, "durable", acked.size - completed.size, 10_000);
      const ids = new Set(remaining.map((m) => String(m.messageId)));
      for (const id of acked) assert.ok(ids.has(id) || completed.has(id), `acknowledged message ${id} was lost`);
      for (const id of completed) assert.ok(!ids.has(id), `completed message ${id} came back`);
    } finally {
      await after.close();
      await broker.kill("SIGTERM");
    }
  });
});

/** The broker CLI in its own process (so it can be killed -9), up once it printed its connection string. */
async function spawnBroker(args: string[]): Promise<StandInProcess & { connectionString: string }> {
  const broker = await spawnStandIn("sandbox/servicebus/main.ts", args, { keys: ["SERVICEBUS_CONNECTION_STRING"] });
  return Object.assign(broker, { connectionString: broker.env.SERVICEBUS_CONNECTION_STRING as string });
}
