import type { ClusterEventInput, ClusterEventPublisher, ClusterEventType } from "../events/index.js";

/** An event as an orchestration hands it to the activity: its time as ISO text (activity inputs are JSON). */
export type EventToPublish = Omit<ClusterEventInput<ClusterEventType>, "time"> & { time: string };

/** The event activity: publishes in order, as one batch, with deterministic message ids (duplicates dropped). */
export function eventActivities(publisher: () => ClusterEventPublisher) {
  return {
    async publishEvents(events: EventToPublish[]): Promise<number> {
      await publisher().publishAll(events.map((e) => ({ ...e, time: new Date(e.time) })));
      return events.length;
    },
  };
}
