import type { ServiceBusMessage } from "@azure/service-bus";
import { CloudEvent, HTTP } from "cloudevents";
import { v5 as uuidv5 } from "uuid";
import { managedClusterId } from "../request/resourceIds.js";
import { type ClusterEventData, type ClusterEventType, EVENT_SOURCE } from "./clusterEventTypes.js";
import { assertNoSecrets } from "./secretGuard.js";

/** The content type of a structured-mode CloudEvent. */
export const CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json";

// Fixed namespace for message ids: the same request, type and sequence always give the same id,
// so Service Bus duplicate detection drops a re-send after a restart or a replayed activity.
const MESSAGE_ID_NAMESPACE = "1b8f5a0e-3c55-4d0b-9a51-6f3f0d3c9e21";

/** The cluster an event is about. */
export interface ClusterRef {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
}

/** Everything needed to build one event. */
export interface ClusterEventInput<T extends ClusterEventType> {
  type: T;
  /** The request (ticket) id, and part of the message id; "" for a rejected message that had none. */
  requestId: string;
  /** The cluster (the event's `subject`); absent only for a rejected request that named none. */
  cluster?: ClusterRef;
  /**
   * The Service Bus `correlationId` and the CloudEvents extension `correlationid`: a queued request's own
   * (its message's `correlationId`, else its `messageId`). Defaults to the request id, with no extension.
   */
  correlationId?: string;
  data: ClusterEventData[T];
  /**
   * Distinguishes repeated events of one type for one request (schedule runs). Progress events carry theirs
   * in `data.sequence`, which is used when this is omitted.
   */
  sequence?: number | string;
  /** Event time; defaults to now. Orchestrations pass their replay-safe clock. */
  time?: Date;
}

/** The application properties subscriptions filter on (a rejection of a message without them has neither id nor name). */
export interface ClusterEventProperties {
  eventType: ClusterEventType;
  requestId?: string;
  clusterName?: string;
  [key: string]: string | undefined;
}

/** The ARM resource id of a managed cluster: the event's `subject`. */
export function clusterResourceId(c: ClusterRef): string {
  return managedClusterId(c.subscriptionId, c.resourceGroup, c.clusterName);
}

// One sequence per event: the input's, else the one the data carries (progress), never two that disagree.
function sequenceOf(input: ClusterEventInput<ClusterEventType>): number | string | undefined {
  const inData = (input.data as { sequence?: unknown }).sequence;
  const fromData = typeof inData === "number" ? inData : undefined;
  if (input.sequence !== undefined && fromData !== undefined && input.sequence !== fromData)
    throw new Error(`event sequence ${input.sequence} disagrees with data.sequence ${fromData}`);
  return input.sequence ?? fromData;
}

/** The deterministic message (and CloudEvent) id of an event. */
export function eventMessageId(requestId: string, type: ClusterEventType, sequence?: number | string): string {
  return uuidv5(`${requestId}\n${type}\n${sequence ?? ""}`, MESSAGE_ID_NAMESPACE);
}

/** Builds the CloudEvent of an input, refusing (SecretInEventError) anything that looks secret. */
export function buildCloudEvent<T extends ClusterEventType>(
  input: ClusterEventInput<T>,
): CloudEvent<ClusterEventData[T]> {
  assertNoSecrets(input.data, "data");
  const event = new CloudEvent<ClusterEventData[T]>({
    specversion: "1.0",
    id: eventMessageId(input.requestId, input.type, sequenceOf(input)),
    type: input.type,
    source: EVENT_SOURCE,
    ...(input.cluster ? { subject: clusterResourceId(input.cluster) } : {}),
    time: (input.time ?? new Date()).toISOString(),
    datacontenttype: "application/json",
    ...(input.correlationId ? { correlationid: input.correlationId } : {}),
    data: input.data,
  });
  assertNoSecrets(event.toJSON(), "event");
  return event;
}

/** Builds the Service Bus message of an event: structured-mode CloudEvent plus filterable properties. */
export function buildClusterEventMessage<T extends ClusterEventType>(input: ClusterEventInput<T>): ServiceBusMessage {
  const event = buildCloudEvent(input);
  const structured = HTTP.structured(event);
  const correlationId = input.correlationId ?? input.requestId;
  const applicationProperties: ClusterEventProperties = {
    eventType: input.type,
    ...(input.requestId ? { requestId: input.requestId } : {}),
    ...(input.cluster ? { clusterName: input.cluster.clusterName } : {}),
  };
  return {
    // A Buffer is sent as-is in a data section: the body is the CloudEvent JSON, not a JSON string of it.
    body: Buffer.from(structured.body as string, "utf8"),
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    messageId: event.id,
    ...(correlationId ? { correlationId } : {}),
    ...(event.subject ? { subject: event.subject } : {}),
    applicationProperties: applicationProperties as Record<string, string>,
  };
}

/** Parses a received body (Buffer, string or the SDK's already-parsed object) back into a CloudEvent. */
export function parseClusterEvent(body: unknown): CloudEvent<unknown> {
  const text = Buffer.isBuffer(body) ? body.toString("utf8") : typeof body === "string" ? body : JSON.stringify(body);
  return HTTP.toEvent({ headers: { "content-type": CLOUDEVENTS_CONTENT_TYPE }, body: text }) as CloudEvent<unknown>;
}
