import type { ServiceBusClient, ServiceBusSender } from "@azure/service-bus";
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
  /** Sends several events in order as one batch: all or none (the SDK throws MessageSizeExceeded past 256 KiB). */
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
      if (messages.length > 0) await senderFor().sendMessages(messages);
    },
    async close() {
      await sender?.close();
      sender = undefined;
    },
  };
}
