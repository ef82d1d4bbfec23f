import { isServiceBusError } from "@azure/service-bus";
import type { ClusterEventInput, ClusterEventPublisher, ClusterEventType } from "../events/index.js";
import { isSecretInEventError } from "../events/index.js";

/** An event as an orchestration hands it to the activity: its time as ISO text (activity inputs are JSON). */
export type EventToPublish = Omit<ClusterEventInput<ClusterEventType>, "time"> & { time: string };

/** What `deliverEvents` answers: all of them taken by the topic, or none, and whether trying again can help. */
export type EventDeliveryResult =
  | { delivered: true }
  | { delivered: false; retryable: boolean; error: { code: string; message: string } };

/** Error messages kept in a status are cut to this length. */
const MESSAGE_LIMIT = 300;

/**
 * Publishes in order, with deterministic message ids (duplicates dropped by the topic); throws. For callers whose
 * failure is the right answer (a timer trigger runs again); orchestrations deliver through `deliverEvents`.
 */
export async function publishEvents(publisher: ClusterEventPublisher, events: EventToPublish[]): Promise<number> {
  await publisher.publishAll(events.map((e) => ({ ...e, time: new Date(e.time) })));
  return events.length;
}

/** The event activity. */
export function eventActivities(publisher: () => ClusterEventPublisher) {
  return {
    /**
     * For orchestrations: never throws, so a broker outage is an answer the run keeps its events through
     * (src/orchestrators/outbox.ts), not a failed step.
     */
    async deliverEvents(events: EventToPublish[]): Promise<EventDeliveryResult> {
      try {
        await publishEvents(publisher(), events);
        return { delivered: true };
      } catch (error) {
        return { delivered: false, ...deliveryErrorOf(error) };
      }
    },
  };
}

/** A failed delivery as a status shows it: a secret-looking event or an oversize one is refused for good. */
export function deliveryErrorOf(error: unknown): { retryable: boolean; error: { code: string; message: string } } {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MESSAGE_LIMIT);
  if (isSecretInEventError(error)) return { retryable: false, error: { code: "SecretInEvent", message } };
  if (isServiceBusError(error))
    return { retryable: error.code !== "MessageSizeExceeded", error: { code: error.code, message } };
  const code = (error as { code?: unknown })?.code;
  return { retryable: true, error: { code: typeof code === "string" ? code : "PublishFailed", message } };
}
