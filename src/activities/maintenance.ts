import type { ArmFailure } from "../azure/armErrors.js";
import {
  type MaintenanceConfigurationWrite,
  maintenanceConfigurationOf,
  type ResourceTarget,
  targetOf,
} from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall } from "./errors.js";

/** How a maintenance configuration's PUT ended. */
export type MaintenanceOutcome = { outcome: "done"; target: ResourceTarget } | { outcome: "failed"; error: ArmFailure };

/** The maintenance-configuration activity (a cluster's auto-upgrade and node OS windows). */
export function maintenanceActivities(clients: ClientsFor) {
  return {
    /**
     * PUTs a planned maintenance configuration on the cluster. Synchronous, and under AKS's fixed configuration name
     * the same body again is the same configuration, so a retry or replay converges. Owned through the cluster, whose
     * ownership the cluster step has checked: the configuration itself carries no tags.
     */
    async putMaintenanceConfiguration(write: MaintenanceConfigurationWrite): Promise<MaintenanceOutcome> {
      const put = await armCall(() =>
        clients(write.subscriptionId).containerService.maintenanceConfigurations.createOrUpdate(
          write.resourceGroup,
          write.clusterName,
          write.name,
          maintenanceConfigurationOf(write),
        ),
      );
      return put.ok ? { outcome: "done", target: targetOf(write) } : { outcome: "failed", error: put.error };
    },
  };
}
