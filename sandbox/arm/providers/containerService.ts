import type { Route } from "../http/router.js";
import type { ArmServices } from "../services.js";
import { agentPoolRoutes } from "./aks/agentPools.js";
import { registerAksEffects } from "./aks/effects.js";
import { managedClusterRoutes } from "./aks/managedClusters.js";

/** Microsoft.ContainerService: managed clusters and their agent pools. */
export function containerServiceRoutes(services: ArmServices): Route[] {
  registerAksEffects(services);
  return [...managedClusterRoutes(services), ...agentPoolRoutes(services)];
}
