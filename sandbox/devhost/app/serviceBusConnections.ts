import { DefaultAzureCredential } from "@azure/identity";
import { ServiceBusClient, type ServiceBusSender } from "@azure/service-bus";
import { resolveExpression } from "./settings.js";

/** Error for a connection setting that is missing. */
export class ServiceBusConnectionError extends Error {
  override name = "ServiceBusConnectionError";
}

/** Creates a ServiceBusClient from a binding's `connection` setting name, as the Functions extension does. */
export function clientForConnection(name: string, env: Record<string, string | undefined>): ServiceBusClient {
  const cs = env[name] ?? env[`ConnectionStrings:${name}`];
  if (cs) return new ServiceBusClient(cs);
  const fqns = env[`${name}__fullyQualifiedNamespace`];
  if (fqns) return new ServiceBusClient(fqns, new DefaultAzureCredential());
  throw new ServiceBusConnectionError(
    `Service Bus connection setting '${name}' (or '${name}__fullyQualifiedNamespace') is not set`,
  );
}

/**
 * One ServiceBusClient (one AMQP connection) per connection setting, shared by the Service Bus triggers and
 * output bindings of every function.
 */
export class ServiceBusConnections {
  private readonly clients = new Map<string, ServiceBusClient>();
  private readonly senders = new Map<string, ServiceBusSender>();

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** The client for a binding's `connection` value (`%Setting%` resolved); defaults to `AzureWebJobsServiceBus`. */
  forBinding(connection: unknown): ServiceBusClient {
    const setting = resolveExpression(String(connection ?? "AzureWebJobsServiceBus"), this.env);
    let client = this.clients.get(setting);
    if (!client) {
      client = clientForConnection(setting, this.env);
      this.clients.set(setting, client);
    }
    return client;
  }

  /** One sender per connection and entity, kept open (an AMQP link per output binding, not per delivery). */
  senderFor(connection: unknown, entity: string): ServiceBusSender {
    const client = this.forBinding(connection);
    const key = `${String(connection ?? "")}\n${entity}`;
    let sender = this.senders.get(key);
    if (!sender || sender.isClosed) {
      sender = client.createSender(entity);
      this.senders.set(key, sender);
    }
    return sender;
  }

  /** Closes every client (and with them their senders). */
  async close(): Promise<void> {
    for (const c of this.clients.values()) await c.close().catch(() => {});
    this.clients.clear();
    this.senders.clear();
  }
}
