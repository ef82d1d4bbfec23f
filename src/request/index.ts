/**
 * The cluster request: schema, validation, naming and the ARM plan it turns into. Pure: no I/O, no SDK calls.
 * This is the surface the HTTP/queue functions, orchestrators and activities use; the helpers behind it
 * (CIDR math, schema pieces, network defaults) stay module-internal.
 */
export { API_ROUTE_PREFIX, type ApiRoute, apiPath, apiRoutes } from "./apiRoutes.js";
export * from "./approvalDecision.js";
export * from "./approvalPolicy.js";
export { approvalSchema, MAX_APPROVAL_TIMEOUT_HOURS } from "./approvalSchema.js";
export * from "./clusterEntity.js";
export * from "./clusterListQuery.js";
export * from "./clusterLock.js";
export type { ClusterRequest, ClusterRequestInput, DiskRequest, NodePool, ScaleSchedule } from "./clusterRequest.js";
export * from "./clusterRow.js";
export * from "./costEstimate.js";
export * from "./eventLog.js";
export { type ExistingReference, existingReferencesOf, type ReferenceKind } from "./existingReferences.js";
export { maintenanceConfigurationOf } from "./maintenanceConfiguration.js";
export { MAINTENANCE_CONFIGURATIONS } from "./maintenanceSchema.js";
export {
  defaultDnsPrefix,
  nodeResourceGroupName,
  roleAssignmentName,
  TAG_MANAGED_BY,
  TAG_REQUEST_ID,
} from "./naming.js";
export * from "./operationStatus.js";
export { isMissingSubscriptionError, MissingSubscriptionError, type PlanOptions, plan } from "./plan.js";
export { stageOf, writeOf, writesOf } from "./planLookup.js";
export * from "./planSummary.js";
export type * from "./planTypes.js";
export * from "./poolChanges.js";
export { MAX_PROBLEMS, type RequestProblem } from "./problems.js";
export { isTerminalState } from "./provisioningState.js";
export * from "./provisionStatus.js";
export {
  type Day2QueueOperation,
  type DecisionQueueOperation,
  type ExistingRequestOperation,
  type ParsedQueueMessage,
  parseQueueMessage,
  type QueueOperation,
  queueMessageSchema,
  queueOperations,
} from "./queueMessage.js";
export { requestHash } from "./requestHash.js";
export * from "./resourceIds.js";
export {
  clusterTargetOf,
  type ResourceTarget,
  type ResourceWrite,
  registryTargetOf,
  type TaggedWrite,
  targetOf,
} from "./resourceTarget.js";
export * from "./retailPrices.js";
export { type ResolvedRoleAssignment, resolveRoleAssignment } from "./roleAssignment.js";
export type { BuiltInRole } from "./roles.js";
export { MAX_OCCURRENCES, type Occurrences, occurrencesBetween } from "./scheduleOccurrences.js";
export * from "./schedulePlan.js";
export { type ServiceDefaults, withServiceDefaults } from "./serviceDefaults.js";
export * from "./steps.js";
export * from "./upgrade.js";
export { type ValidationResult, validateClusterRequest } from "./validateClusterRequest.js";
export * from "./writeBudget.js";
