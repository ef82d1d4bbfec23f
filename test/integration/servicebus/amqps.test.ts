import assert from "node:assert/strict";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import rhea, { type Connection, type EventContext, type Message } from "rhea";
import { aConfig, startTestBroker, type TestBroker } from "./harness.js";

// What .NET, Python and Java clients do (docs/specs/servicebus-amqp.md §8): TLS, SASL MSSBCBS, a CBS put-token with a ulong
// message id and no reply-to, and absolute amqps:// addresses. Driven here with a bare rhea client.
describe("AMQPS listener for other-language clients", () => {
  let broker: TestBroker;
  let connection: Connection;
  before(async () => {
    broker = await startTestBroker(aConfig({ queues: { tls: {} } }), { tlsPort: 0 });
  });
  after(async () => {
    connection?.close();
    if (connection) await once(connection, "connection_close").catch(() => undefined);
    await broker.close();
  });

  it("accepts TLS with the sandbox certificate and SASL MSSBCBS, answers CBS on the same session, routes absolute addresses", async () => {
    assert.ok(broker.sandbox.tlsPort && broker.sandbox.certPath);
    assert.equal(broker.sandbox.env.SERVICEBUS_CA_CERT, broker.sandbox.certPath);
    const container = rhea.create_container();
    connection = container.connect({
      host: "localhost",
      port: broker.sandbox.tlsPort,
      transport: "tls",
      ca: readFileSync(broker.sandbox.certPath),
      servername: "localhost",
      reconnect: false,
      sasl_mechanisms: {
        MSSBCBS: () => ({ start: (cb: (e: unknown, r: Buffer) => void) => cb(undefined, Buffer.alloc(0)) }),
      },
    } as never);
    await once(connection, "connection_open");

    const session = connection.create_session();
    session.open();
    const cbsSender = session.open_sender({ target: { address: "$cbs" } });
    const cbsReceiver = session.open_receiver({ source: { address: "$cbs" } });
    await once(cbsReceiver, "receiver_open");
    const reply = once(cbsReceiver, "message") as Promise<[EventContext]>;
    cbsSender.send({
      message_id: rhea.types.wrap_ulong(7),
      to: "$cbs",
      application_properties: {
        operation: "put-token",
        name: "amqps://localhost/tls",
        type: "servicebus.windows.net:sastoken",
      },
      body: "SharedAccessSignature sr=amqps%3A%2F%2Flocalhost%2Ftls&sig=x&se=9999999999&skn=RootManageSharedAccessKey",
    } as Message);
    const [ctx] = await reply;
    assert.equal(ctx.message?.correlation_id, 7);
    assert.equal(ctx.message?.application_properties?.["status-code"], 202);

    const sender = connection.open_sender({ target: { address: "amqps://localhost/tls" } });
    await once(sender, "sendable");
    const accepted = once(sender, "accepted");
    sender.send({ message_id: "from-python", body: "hello over TLS" } as Message);
    await accepted;

    const receiver = connection.open_receiver({
      source: { address: "amqps://localhost/tls" },
      credit_window: 1,
      autoaccept: true,
    });
    const [received] = (await once(receiver, "message")) as [EventContext];
    assert.equal(received.message?.message_id, "from-python");
    assert.equal(received.message?.body, "hello over TLS");
    assert.equal(received.message?.delivery_count, 0);
  });

  it("rejects a transfer over max-message-size at the broker (clients that do not check first)", async () => {
    const sender = connection.open_sender({ target: { address: "tls" } });
    await once(sender, "sendable");
    const rejected = once(sender, "rejected") as Promise<[EventContext]>;
    sender.send({ body: rhea.message.data_section(Buffer.alloc(300 * 1024, 1)) } as Message);
    const [ctx] = await rejected;
    const error = (ctx.delivery as unknown as { remote_state: { error: { condition: string } } }).remote_state.error;
    assert.equal(error.condition, "amqp:link:message-size-exceeded");
  });
});
