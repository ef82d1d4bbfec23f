import type { DiskWrite } from "../request/index.js";
import { startPut } from "./armWrites.js";
import type { ClientsFor } from "./clientsFor.js";
import type { StartOutcome } from "./outcomes.js";

/** The managed-disk activities. */
export function diskActivities(clients: ClientsFor) {
  return {
    /** Starts an empty data disk's PUT (202 + Location); the orchestration polls it. */
    startDisk: (write: DiskWrite): Promise<StartOutcome> => startPut(clients(write.subscriptionId), write),
  };
}
