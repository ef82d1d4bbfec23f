import { type ServiceBusClient, ServiceBusError, type ServiceBusSender } from "@azure/service-bus";
import { buildClusterEventMessage, type ClusterEventInput } from "./buildClusterEvent.js";
import type { ClusterEventType } from "./clusterEventTypes.js";

/** Options of the publisher. */
export interface ClusterEventPublisherOptions {
  /** The events topic (setting EVENTS_TOPIC_NAME). Defaults to "cluster-events". */
  topicName?: string;
}

/** Publishes cluster events to the events topic. */
export interface ClusterEventPublisher {
  /** Sends one event; resolves once Service Bus accepted it (a duplicate re-send is accepted and dropped). */
  publish<T extends ClusterEventType>(input: ClusterEventInput<T>): Promise<void>;
  /**
   * Sends several events in order, in as few batches as the topic's message size allows (a backlog kept through a
   * broker outage can be past one batch's 256 KiB). A failure part way leaves the earlier batches sent: sending
   * them again is safe, their message ids are deterministic and the topic drops duplicates.
   */
  publishAll(inputs: ClusterEventInput<ClusterEventType>[]): Promise<void>;
  /** Closes the sender (not the injected client). */
  close(): Promise<void>;
}

/** Builds a publisher on an injected ServiceBusClient (connection string or identity, see createServiceBusClient). */
export function createClusterEventPublisher(
  client: ServiceBusClient,
  options: ClusterEventPublisherOptions = {},
): ClusterEventPublisher {
  let sender: ServiceBusSender | undefined;
  const senderFor = () => {
    sender ??= client.createSender(options.topicName ?? "cluster-events");
    return sender;
  };
  return {
    async publish(input) {
      // Build first: a secret-looking event throws here and nothing is sent.
      const message = buildClusterEventMessage(input);
      await senderFor().sendMessages(message);
    },
    async publishAll(inputs) {
      const messages = inputs.map((i) => buildClusterEventMessage(i));
      const sender = senderFor();
      let batch = await sender.createMessageBatch();
      for (const message of messages) {
        if (batch.tryAddMessage(message)) continue;
        // Full: send it and start the next; a message that fits no batch at all throws MessageSizeExceeded.
        if (batch.count === 0) throw tooLarge(message.messageId);
        await sender.sendMessages(batch);
        batch = await sender.createMessageBatch();
        if (!batch.tryAddMessage(message)) throw tooLarge(message.messageId);
      }
      if (batch.count > 0) await sender.sendMessages(batch);
    },
    async close() {
      await sender?.close();
      sender = undefined;
    },
  };
}

function tooLarge(messageId: unknown): ServiceBusError {
  return new ServiceBusError(`event ${String(messageId)} is larger than a message may be`, "MessageSizeExceeded");
}
