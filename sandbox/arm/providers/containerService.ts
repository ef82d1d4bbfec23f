import type { Route } from "../http/router.js";
import type { ArmServices } from "../services.js";
import { registerAbortEffect } from "./aks/abort.js";
import { agentPoolRoutes } from "./aks/agentPools.js";
import { registerAksEffects } from "./aks/effects.js";
import { maintenanceConfigurationRoutes } from "./aks/maintenanceConfigurations.js";
import { managedClusterRoutes } from "./aks/managedClusters.js";

/** Microsoft.ContainerService: managed clusters, their agent pools and maintenance configurations. */
export function containerServiceRoutes(services: ArmServices): Route[] {
  registerAksEffects(services);
  registerAbortEffect(services);
  return [...managedClusterRoutes(services), ...agentPoolRoutes(services), ...maintenanceConfigurationRoutes(services)];
}
