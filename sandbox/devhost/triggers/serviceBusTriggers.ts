import type { ProcessErrorArgs, ServiceBusReceivedMessage, ServiceBusReceiver } from "@azure/service-bus";
import type { FunctionRegistry, RegisteredFunction } from "../app/coreApi.js";
import { extraInputsFor } from "../app/extraInputs.js";
import type { Invoker, RpcTypedData } from "../app/invoke.js";
import type { ServiceBusConnections } from "../app/serviceBusConnections.js";
import { resolveExpression } from "../app/settings.js";
import type { DevhostFaults } from "../faults.js";
import type { DevhostLogger } from "../log.js";

/** Dependencies of the Service Bus triggers. */
export interface ServiceBusTriggerDeps {
  registry: FunctionRegistry;
  invoker: Pick<Invoker, "invoke">;
  log: DevhostLogger;
  env: Record<string, string | undefined>;
  clientData: () => unknown;
  /** host.json `serviceBus.maxConcurrentCalls` (per function). */
  maxConcurrentCalls: number;
  /** The clients per connection setting (shared with output bindings; closed by their owner). */
  connections: ServiceBusConnections;
  /** Test faults: a successful invocation may be made to abandon its message. */
  faults?: DevhostFaults;
}

/**
 * The trigger's body as RpcTypedData, as the host sends it. The receiver leaves a data section as bytes
 * (`skipParsingBodyAsJson`), and the host binds a script trigger with no `dataType` to `string`: the body's UTF-8
 * text goes to the worker unparsed, the library JSON-parses it if it can, and a body nested too deep to serialise
 * again is the function's to refuse, not the host's. `dataType` `binary` (or `stream`) gets the bytes. Only an AMQP value or
 * sequence section (no Azure SDK sends one by default) is serialised here.
 */
export function bodyToTypedData(body: unknown, dataType?: unknown): RpcTypedData {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const binary = /^(binary|stream)$/i.test(String(dataType ?? ""));
    return binary ? { bytes: new Uint8Array(bytes) } : { string: bytes.toString("utf8") };
  }
  if (typeof body === "string") return { string: body };
  return { json: JSON.stringify(body ?? null) };
}

function typed(value: unknown): RpcTypedData | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return { string: value };
  if (typeof value === "number") return Number.isInteger(value) ? { int: value } : { double: value };
  if (value instanceof Date) return { string: value.toISOString() };
  return { json: JSON.stringify(value) };
}

/** The trigger metadata the host attaches to a Service Bus invocation (PascalCase; the library camelCases it). */
export function messageMetadata(msg: ServiceBusReceivedMessage): Record<string, RpcTypedData> {
  const fields: Record<string, unknown> = {
    MessageId: msg.messageId === undefined ? undefined : String(msg.messageId),
    // The JS SDK reports the raw AMQP delivery-count (0 on first delivery); the .NET host reports it + 1.
    DeliveryCount: (msg.deliveryCount ?? 0) + 1,
    EnqueuedTimeUtc: msg.enqueuedTimeUtc,
    ExpiresAtUtc: msg.expiresAtUtc,
    LockedUntilUtc: msg.lockedUntilUtc,
    SequenceNumber: msg.sequenceNumber?.toString(),
    CorrelationId: msg.correlationId === undefined ? undefined : String(msg.correlationId),
    ContentType: msg.contentType,
    Subject: msg.subject,
    Label: msg.subject,
    To: msg.to,
    ReplyTo: msg.replyTo,
    SessionId: msg.sessionId,
    LockToken: msg.lockToken,
    ApplicationProperties: msg.applicationProperties ?? {},
    UserProperties: msg.applicationProperties ?? {},
  };
  const out: Record<string, RpcTypedData> = {};
  for (const [k, v] of Object.entries(fields)) {
    const t = typed(v);
    if (t) out[k] = t;
  }
  return out;
}

/**
 * Service Bus queue and topic-subscription triggers through the real `@azure/service-bus` receiver:
 * peek-lock, complete on success, abandon on failure (so MaxDeliveryCount dead-letters poison messages).
 */
export class ServiceBusTriggers {
  private readonly receivers: { receiver: ServiceBusReceiver; close(): Promise<void> }[] = [];

  constructor(private readonly deps: ServiceBusTriggerDeps) {}

  /** Subscribes a receiver per Service Bus function. */
  async start(): Promise<void> {
    for (const fn of this.deps.registry.byTrigger("serviceBusTrigger")) {
      try {
        this.listen(fn);
      } catch (err) {
        // As the host does: one listener failing to start does not stop the others.
        this.deps.log.host(
          "error",
          `The listener for function '${fn.metadata.name}' was unable to start: ${(err as Error).message}`,
        );
      }
    }
  }

  private listen(fn: RegisteredFunction): void {
    const b = fn.trigger;
    const client = this.deps.connections.forBinding(b.connection);
    const queue = b.queueName ? resolveExpression(String(b.queueName), this.deps.env) : undefined;
    // The body stays as the broker delivered it: the host does not parse it (see bodyToTypedData).
    const options = { receiveMode: "peekLock", skipParsingBodyAsJson: true } as const;
    const receiver = queue
      ? client.createReceiver(queue, options)
      : client.createReceiver(
          resolveExpression(String(b.topicName), this.deps.env),
          resolveExpression(String(b.subscriptionName), this.deps.env),
          options,
        );
    const sub = receiver.subscribe(
      {
        processMessage: (msg) => this.process(fn, receiver, msg),
        processError: async (args: ProcessErrorArgs) => {
          this.deps.log.host("warning", `${fn.metadata.name}: Service Bus ${args.errorSource}: ${args.error.message}`);
        },
      },
      { autoCompleteMessages: false, maxConcurrentCalls: this.deps.maxConcurrentCalls },
    );
    this.receivers.push({ receiver, close: () => sub.close() });
  }

  /** Handles one message: invoke, then complete or abandon. */
  async process(
    fn: RegisteredFunction,
    receiver: Pick<ServiceBusReceiver, "completeMessage" | "abandonMessage">,
    msg: ServiceBusReceivedMessage,
  ): Promise<void> {
    try {
      await this.deps.invoker.invoke(fn, {
        trigger: bodyToTypedData(msg.body, fn.trigger.dataType),
        triggerMetadata: messageMetadata(msg),
        extraInputs: extraInputsFor(fn, this.deps.clientData),
        logDetail: `messageId=${msg.messageId} deliveryCount=${(msg.deliveryCount ?? 0) + 1}`,
      });
    } catch {
      await receiver.abandonMessage(msg).catch(() => {});
      return;
    }
    if (this.deps.faults?.takeAbandon(fn.metadata.name)) {
      this.deps.log.host("warning", `${fn.metadata.name}: messageId=${msg.messageId} abandoned after success (fault)`);
      await receiver.abandonMessage(msg).catch(() => {});
      return;
    }
    await receiver.completeMessage(msg);
  }

  /** Closes the receivers. */
  async stop(): Promise<void> {
    for (const r of this.receivers.splice(0)) {
      await r.close().catch(() => {});
      await r.receiver.close().catch(() => {});
    }
  }
}
