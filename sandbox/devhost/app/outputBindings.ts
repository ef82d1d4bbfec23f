import type { ServiceBusMessage } from "@azure/service-bus";
import type { RegisteredFunction, RpcBinding } from "./coreApi.js";
import type { ServiceBusConnections } from "./serviceBusConnections.js";
import { resolveExpression } from "./settings.js";

type TypedData =
  | { string?: string; json?: string; bytes?: Uint8Array; int?: number; double?: number }
  | null
  | undefined;

/** Error for an output binding the devhost cannot deliver. */
export class OutputBindingError extends Error {
  override name = "OutputBindingError";
}

function decode(data: TypedData): unknown {
  if (!data) return undefined;
  if (data.json !== undefined) return JSON.parse(data.json);
  if (data.string !== undefined) return data.string;
  if (data.bytes !== undefined) return Buffer.from(data.bytes);
  return data.int ?? data.double;
}

/** Output bindings the devhost delivers (Service Bus); HTTP is answered by the HTTP router. */
export function deliverableOutputs(fn: RegisteredFunction): [string, RpcBinding][] {
  return Object.entries(fn.metadata.bindings).filter(
    ([, b]) => b.direction === "out" && b.type.toLowerCase() === "servicebus",
  );
}

/** Sends Service Bus output-binding values (one message per array element, as the extension does). */
export class OutputBindings {
  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly connections: ServiceBusConnections,
  ) {}

  /** Delivers the outputs of one invocation (`$return` and named extra outputs). */
  async deliver(
    fn: RegisteredFunction,
    response: { returnValue?: unknown; outputData?: { name: string; data: unknown }[] },
  ): Promise<void> {
    for (const [name, binding] of deliverableOutputs(fn)) {
      const data = name === "$return" ? response.returnValue : response.outputData?.find((o) => o.name === name)?.data;
      const value = decode(data as TypedData);
      if (value === undefined || value === null) continue;
      const bodies = Array.isArray(value) ? value : [value];
      await this.send(binding, bodies);
    }
  }

  private async send(binding: RpcBinding, bodies: unknown[]): Promise<void> {
    const entity = binding.queueName ?? binding.topicName;
    if (!entity) throw new OutputBindingError(`Service Bus output '${binding.name}' names no queue or topic`);
    const sender = this.connections.senderFor(binding.connection, resolveExpression(String(entity), this.env));
    await sender.sendMessages(bodies.map((body): ServiceBusMessage => ({ body })));
  }
}
