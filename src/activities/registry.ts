import type { RegistryWrite, ReplicationWrite, ResourceTarget } from "../request/index.js";
import { startPut } from "./armWrites.js";
import type { ClientsFor } from "./clientsFor.js";
import { getOrUndefined } from "./errors.js";
import type { StartOutcome } from "./outcomes.js";

/** The container registry activities: the registry, then one replication per geo-replica. */
export function registryActivities(clients: ClientsFor) {
  return {
    /** Starts the registry PUT (admin user off); the orchestration polls it. */
    startRegistry: (write: RegistryWrite): Promise<StartOutcome> => startPut(clients(write.subscriptionId), write),
    /** Starts a geo-replica's PUT (named after its location). */
    startReplication: (write: ReplicationWrite): Promise<StartOutcome> =>
      startPut(clients(write.subscriptionId), write),
    /** The login server of a registry (for the outputs); undefined while it does not exist. */
    async readRegistry(target: ResourceTarget): Promise<{ loginServer?: string }> {
      const read = await getOrUndefined(() =>
        clients(target.subscriptionId).containerRegistry.registries.get(target.resourceGroup, target.name),
      );
      return read.ok && read.value?.loginServer ? { loginServer: read.value.loginServer } : {};
    },
  };
}
