import { eventMessageId } from "../../events/buildClusterEvent.js";
import type { ClusterEventType } from "../../events/clusterEventTypes.js";
import type { EventLog, EventRecord } from "../../request/index.js";

/** A kept event as the status API shows it: with the message id it went out under, for finding it on the topic. */
export type EventView = EventRecord & { messageId: string };

/** The status's event log with each event's message id (derived, as when published, from its request id). */
export function eventsView(requestId: string, log: EventLog): { events?: EventView[] } {
  if (!log.events) return {};
  return {
    events: log.events.map((e) => ({
      ...e,
      messageId: eventMessageId(requestId, e.type as ClusterEventType, e.sequence),
    })),
  };
}
