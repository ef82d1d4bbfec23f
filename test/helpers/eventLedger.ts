import { ServiceBusClient, type ServiceBusReceiver } from "@azure/service-bus";
import { parseClusterEvent } from "../../src/events/index.js";

/** One delivery of an event to the ledger's subscription (a redelivery is a second entry with the same id). */
export interface Delivery {
  messageId: string;
  requestId: string;
  type: string;
  deliveryCount: number;
}

/** What a set of deliveries says about one event type across a set of requests. */
export interface EventFindings {
  /** Requests with no delivery of the type: lost events. */
  lost: string[];
  /** Requests whose type arrived under more than one message id: published twice. */
  duplicated: { requestId: string; messageIds: string[] }[];
  /** Deliveries of a message id beyond its first (Service Bus's at-least-once after a broker or lock loss). */
  redeliveries: number;
}

/**
 * A subscriber on the events topic that keeps every delivery, settled peek-lock (complete after it is written
 * down), so it neither loses an event to a crash nor hides a duplicate: the crash suites' witness of what a
 * ticket system would have seen. The SDK reconnects it when the broker comes back.
 */
export class EventLedger {
  readonly deliveries: Delivery[] = [];
  private readonly client: ServiceBusClient;
  private readonly receiver: ServiceBusReceiver;

  constructor(connectionString: string, subscription = "ticket-system", topic = "cluster-events") {
    this.client = new ServiceBusClient(connectionString);
    this.receiver = this.client.createReceiver(topic, subscription);
    this.receiver.subscribe({
      processMessage: async (message) => {
        this.deliveries.push({
          messageId: String(message.messageId),
          requestId: String(message.applicationProperties?.requestId ?? ""),
          type: parseClusterEvent(message.body).type,
          deliveryCount: message.deliveryCount ?? 0,
        });
      },
      processError: async () => {},
    });
  }

  /** Lost, duplicated and redelivered events of `type` for `requestIds`. */
  findings(type: string, requestIds: readonly string[]): EventFindings {
    const ofType = this.deliveries.filter((d) => d.type === type);
    const seen = new Set<string>();
    let redeliveries = 0;
    for (const d of ofType) {
      if (seen.has(d.messageId)) redeliveries++;
      seen.add(d.messageId);
    }
    const idsOf = (requestId: string) => [
      ...new Set(ofType.filter((d) => d.requestId === requestId).map((d) => d.messageId)),
    ];
    return {
      lost: requestIds.filter((r) => idsOf(r).length === 0),
      duplicated: requestIds
        .map((requestId) => ({ requestId, messageIds: idsOf(requestId) }))
        .filter((d) => d.messageIds.length > 1),
      redeliveries,
    };
  }

  async close(): Promise<void> {
    await this.receiver.close();
    await this.client.close();
  }
}
