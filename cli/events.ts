import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";

/** Options of `events`. */
export interface TailOptions {
  connectionString: string;
  topic: string;
  subscription: string;
  follow: boolean;
  requestId?: string;
  /** Stop after the first event of this type (scripts waiting for one outcome). */
  until?: string;
  /** Without `--follow`: how long the subscription must stay empty before the tail ends. */
  idleMs: number;
  write: (message: ServiceBusReceivedMessage, event: TailedEvent) => void;
}

/** The CloudEvent as the topic carries it (structured JSON). */
export interface TailedEvent {
  id?: string;
  type?: string;
  source?: string;
  subject?: string;
  time?: string;
  data?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Tails the events topic through a subscription, receive-and-complete: each event read is settled, so use a
 * subscription of your own (`audit`, or one made for the CLI); another reader of the same subscription competes for
 * its messages. Events of other requests are completed too when `--request` filters them out.
 */
export async function tailEvents(options: TailOptions): Promise<number> {
  const client = new ServiceBusClient(options.connectionString);
  const receiver = client.createReceiver(options.topic, options.subscription, { receiveMode: "peekLock" });
  let count = 0;
  try {
    for (;;) {
      const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: options.follow ? 5_000 : options.idleMs });
      if (messages.length === 0 && !options.follow) return count;
      for (const message of messages) {
        const event = toEvent(message.body);
        const requestId = String(message.applicationProperties?.requestId ?? event.data?.requestId ?? "");
        await receiver.completeMessage(message);
        if (options.requestId && requestId !== options.requestId) continue;
        count++;
        options.write(message, event);
        if (options.until && event.type === options.until) return count;
      }
    }
  } finally {
    await receiver.close();
    await client.close();
  }
}

function toEvent(body: unknown): TailedEvent {
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as TailedEvent;
    } catch {
      return { data: { body } };
    }
  }
  if (body instanceof Uint8Array) return toEvent(Buffer.from(body).toString("utf8"));
  return (body ?? {}) as TailedEvent;
}
