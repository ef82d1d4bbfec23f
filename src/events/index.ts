export type { ServiceBusConnectionSettings } from "../config.js";
export {
  buildCloudEvent,
  buildClusterEventMessage,
  CLOUDEVENTS_CONTENT_TYPE,
  type ClusterEventInput,
  type ClusterEventProperties,
  type ClusterRef,
  clusterResourceId,
  eventMessageId,
  parseClusterEvent,
} from "./buildClusterEvent.js";
export {
  type ClusterEventPublisher,
  type ClusterEventPublisherOptions,
  createClusterEventPublisher,
} from "./clusterEventPublisher.js";
export * from "./clusterEventTypes.js";
export { createServiceBusClient } from "./createServiceBusClient.js";
export { isSecretInEventError, SecretInEventError } from "./errors.js";
export { assertNoSecrets } from "./secretGuard.js";
