import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { afterEach, describe, it } from "node:test";
import { isServiceBusError, ServiceBusClient } from "@azure/service-bus";
import rhea from "rhea";
import { startServiceBusSandbox } from "../../../sandbox/servicebus/index.js";
import { freePort } from "../../helpers/ports.js";
import { aConfig, startTestBroker, type TestBroker } from "./harness.js";

describe("CBS put-token", () => {
  let broker: TestBroker | undefined;
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
  });

  it("accepts any SAS token by default, as the emulator does", async () => {
    broker = await startTestBroker(aConfig({ queues: { q: {} } }));
    const other = new ServiceBusClient(broker.sandbox.connectionString.replace("SAS_KEY_VALUE", "whatever"));
    try {
      await other.createSender("q").sendMessages({ body: 1 });
    } finally {
      await other.close();
    }
  });

  it("checks the signature when a key is configured: right key works, wrong key is UnauthorizedAccess", async () => {
    broker = await startTestBroker(aConfig({ queues: { q: {} } }), { sasKey: "s3cret-key" });
    assert.match(broker.sandbox.connectionString, /SharedAccessKey=s3cret-key;/);
    await broker.client.createSender("q").sendMessages({ body: "signed" });
    const wrong = new ServiceBusClient(broker.sandbox.connectionString.replace("s3cret-key", "wrong-key"), {
      retryOptions: { maxRetries: 0, timeoutInMs: 5000 },
    });
    try {
      await assert.rejects(
        wrong.createSender("q").sendMessages({ body: "forged" }),
        (e: unknown) => isServiceBusError(e) && e.code === "UnauthorizedAccess",
      );
    } finally {
      await wrong.close();
    }
    const [m] = await broker.client.createReceiver("q").receiveMessages(2, { maxWaitTimeInMs: 1000 });
    assert.equal(m?.body, "signed");
  });

  it("leaves rhea's shared empty-list value alone (broker and SDK share rhea in one process)", async () => {
    broker = await startTestBroker(aConfig({ queues: { q: {} } }));
    await broker.client.createSender("q").sendMessages({ body: 1 });
    const receiver = broker.client.createReceiver("q");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await receiver.completeMessage(m as NonNullable<typeof m>);
    await receiver.peekMessages(1);
    const empty = (rhea.types as unknown as { List0(): { value: unknown[] } }).List0().value;
    assert.deepEqual(empty, []);
  });

  it("fails to start on a port in use, leaving nothing listening", async () => {
    broker = await startTestBroker(aConfig({ queues: { q: {} } }));
    const inUse = (e: unknown) => (e as NodeJS.ErrnoException).code === "EADDRINUSE";
    await assert.rejects(
      startServiceBusSandbox({ port: broker.sandbox.port, tlsPort: null, config: aConfig({ queues: { q: {} } }) }),
      inUse,
    );
    // Plain port free, TLS port taken: the plain listener opened first must be closed again.
    const plainPort = await freePort();
    await assert.rejects(
      startServiceBusSandbox({
        port: plainPort,
        tlsPort: broker.sandbox.port,
        certDir: broker.stateDir,
        config: aConfig({ queues: { q: {} } }),
      }),
      inUse,
    );
    await closeServer(await listen(plainPort));
  });

  it("reset() forgets every message", async () => {
    broker = await startTestBroker(aConfig({ queues: { q: {} } }));
    await broker.client.createSender("q").sendMessages([{ body: 1 }, { body: 2 }]);
    await broker.sandbox.reset();
    assert.equal((await broker.client.createReceiver("q").peekMessages(5)).length, 0);
  });
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ port, host: "::" }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
