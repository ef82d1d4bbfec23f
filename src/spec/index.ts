/** The cluster request: schema, validation, naming and the ARM plan it turns into. Pure: no I/O, no SDK calls. */
export { API_ROUTE_PREFIX, type ApiRoute, apiPath, apiRoutes } from "./apiRoutes.js";
export { cidrContains, cidrsOverlap, parseIpv4Cidr } from "./cidr.js";
export { managedClusterBody } from "./clusterBody.js";
export {
  type ClusterRequest,
  type ClusterRequestInput,
  clusterRequestSchema,
  type DiskRequest,
  type NodePool,
  type ScaleSchedule,
} from "./clusterRequest.js";
export { NETWORK_MODELS, type NetworkModel } from "./clusterSchema.js";
export {
  defaultDnsPrefix,
  defaultVnetName,
  NAMING_NAMESPACE,
  nodeResourceGroupName,
  requestTags,
  roleAssignmentName,
  TAG_MANAGED_BY,
  TAG_REQUEST_ID,
} from "./naming.js";
export { isIanaTimeZone, ncrontabProblem } from "./ncrontab.js";
export { effectiveDnsServiceIp, effectivePodCidr, MAX_PODS_LIMITS, networkModelToArm } from "./networkSettings.js";
export { isMissingSubscriptionError, MissingSubscriptionError, type PlanOptions, plan } from "./plan.js";
export type * from "./planTypes.js";
export type { RequestProblem } from "./problems.js";
export * from "./resourceIds.js";
export { type ResolvedRoleAssignment, resolveRoleAssignment } from "./roleAssignment.js";
export { BUILT_IN_ROLES, type BuiltInRole } from "./roles.js";
export { MAX_PROBLEMS, type ValidationResult, validateClusterRequest } from "./validateClusterRequest.js";
