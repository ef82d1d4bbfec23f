import { pollOperation } from "./armWrites.js";
import type { ClientsFor } from "./clientsFor.js";
import type { OperationRef, PollOutcome } from "./outcomes.js";

/** The one poll activity every long-running PUT and DELETE is watched with (on durable timers between calls). */
export function operationActivities(clients: ClientsFor) {
  return {
    pollOperation: (ref: OperationRef): Promise<PollOutcome> => pollOperation(clients(ref.target.subscriptionId), ref),
  };
}
