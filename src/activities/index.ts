import type { ClusterEventPublisher } from "../events/index.js";
import { agentPoolActivities } from "./agentPools.js";
import type { ClientsFor } from "./clientsFor.js";
import { clusterActivities } from "./cluster.js";
import type { ClusterTable } from "./clusterTable.js";
import { costEstimateActivities } from "./costEstimate.js";
import { deleteActivities } from "./deletes.js";
import { diskActivities } from "./disks.js";
import { eventActivities } from "./events.js";
import { maintenanceActivities } from "./maintenance.js";
import { networkActivities } from "./network.js";
import { operationActivities } from "./operations.js";
import { preflightActivities } from "./preflight.js";
import { readinessActivities } from "./readiness.js";
import { recordClusterActivities } from "./recordCluster.js";
import { registryActivities } from "./registry.js";
import { resourceGroupActivities } from "./resourceGroup.js";
import { roleAssignmentActivities } from "./roleAssignments.js";
import { upgradeActivities } from "./upgrade.js";

/** What the activities are built from: ARM clients per subscription, the event publisher, the registry table, the price API. */
export interface ActivityDependencies {
  clients: ClientsFor;
  publisher: () => ClusterEventPublisher;
  clusterTable: () => ClusterTable;
  /** The Azure Retail Prices API's base URL (setting RETAIL_PRICES_ENDPOINT). */
  retailPricesEndpoint: () => string;
}

/** Every activity handler by name: the names `src/orchestrators/activityNames.ts` calls them by. */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...resourceGroupActivities(deps.clients),
    ...networkActivities(deps.clients),
    ...registryActivities(deps.clients),
    ...diskActivities(deps.clients),
    ...clusterActivities(deps.clients),
    ...maintenanceActivities(deps.clients),
    ...agentPoolActivities(deps.clients),
    ...readinessActivities(deps.clients),
    ...roleAssignmentActivities(deps.clients),
    ...operationActivities(deps.clients),
    ...preflightActivities(deps.clients),
    ...deleteActivities(deps.clients),
    ...upgradeActivities(deps.clients),
    ...eventActivities(deps.publisher),
    ...recordClusterActivities(deps.clusterTable),
    ...costEstimateActivities(deps.retailPricesEndpoint),
  };
}

/** The activities object; its keys are the registered activity names. */
export type Activities = ReturnType<typeof createActivities>;

export type { LivePool, PoolAddress } from "./agentPools.js";
export type { ClusterReading, PoolReading } from "./cluster.js";
export type { CostEstimateInput } from "./costEstimate.js";
export type { DeleteOutcome } from "./deletes.js";
export type { EventDeliveryResult, EventToPublish } from "./events.js";
export type { MaintenanceOutcome } from "./maintenance.js";
export type { OperationRef, PollOutcome, StartOutcome } from "./outcomes.js";
export type { PreflightAnswer, PreflightCheck, PreflightResult } from "./preflight.js";
export type { ExpectedPool, PoolReadiness, ReadinessOutcome } from "./readiness.js";
export type { RecordOutcome } from "./recordCluster.js";
export type { ResourceGroupOutcome } from "./resourceGroup.js";
export type { RoleAssignmentOutcome } from "./roleAssignments.js";
export type { UpgradeFacts } from "./upgrade.js";
