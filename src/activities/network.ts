import type { VirtualNetworkWrite } from "../request/index.js";
import { startPut } from "./armWrites.js";
import type { ClientsFor } from "./clientsFor.js";
import type { StartOutcome } from "./outcomes.js";

/** The network activities: the VNet with its node subnet inline (an existing subnet is never written). */
export function networkActivities(clients: ClientsFor) {
  return {
    /** Starts the VNet PUT; the orchestration polls it. */
    startVirtualNetwork: (write: VirtualNetworkWrite): Promise<StartOutcome> =>
      startPut(clients(write.subscriptionId), write),
  };
}
