/** One ARM error detail, as in the ARM common-types error body. */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

/** An error the sandbox answers with: HTTP status plus ARM's `{error:{code,message,target}}` body. */
export class ArmError extends Error {
  override readonly name = "ArmError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
    readonly details?: ArmErrorDetail[],
  ) {
    super(message);
  }

  /** The body ARM sends: `{error:{code,message,target?,details?}}`. */
  toBody(): { error: ArmErrorDetail } {
    const error: ArmErrorDetail = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    if (this.details) error.details = this.details;
    return { error };
  }
}

/** True for an ArmError, even across duplicate module copies. */
export function isArmError(e: unknown): e is ArmError {
  return e instanceof Error && e.name === "ArmError";
}

/** The quota a failure names: the regional total, one VM family, or Spot's low-priority total. */
export type QuotaBucket = { kind: "regional" } | { kind: "lowPriority" } | { kind: "family"; family: string };

function quotaName(bucket: QuotaBucket = { kind: "regional" }): string {
  if (bucket.kind === "family") return `${bucket.family} Cores`;
  return bucket.kind === "regional" ? "Total Regional Cores" : "Low Priority Cores";
}

const PENDING_OPERATION_HELP = "See https://aka.ms/aks-pending-operation for more details";

/** Factory of every error the sandbox emits, keyed to ARM's real codes and messages (docs/specs/arm.md §3.3, §5). */
export const armErrors = {
  authenticationFailed: () =>
    new ArmError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is missing.",
      undefined,
      {
        "WWW-Authenticate":
          'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
      },
    ),
  invalidAuthenticationToken: () =>
    new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", undefined, {
      "WWW-Authenticate": 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token"',
    }),
  missingApiVersion: () =>
    new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    ),
  invalidApiVersion: (apiVersion: string, supported: readonly string[]) =>
    new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${[...supported].reverse().join(",")}'.`,
    ),
  noRegisteredProvider: (type: string, apiVersion: string, supported: readonly string[], location = "eastus") =>
    new ArmError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${supported.join(", ")}'. The supported locations are 'eastus, westus2, westeurope, northeurope'.`,
    ),
  invalidResourceType: (path: string) =>
    new ArmError(400, "InvalidResourceType", `The resource type could not be found for the request path '${path}'.`),
  methodNotAllowed: (method: string) =>
    new ArmError(405, "MethodNotAllowed", `The requested method '${method}' is not allowed for this resource.`),
  subscriptionNotFound: (sub: string) =>
    new ArmError(404, "SubscriptionNotFound", `The subscription '${sub}' could not be found.`),
  resourceGroupNotFound: (rg: string) =>
    new ArmError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`),
  resourceGroupBeingDeleted: (rg: string) =>
    new ArmError(
      409,
      "ResourceGroupBeingDeleted",
      `The resource group '${rg}' is in deprovisioning state and cannot perform this operation.`,
    ),
  invalidResourceGroupLocation: (rg: string, existing: string, requested: string) =>
    new ArmError(
      409,
      "InvalidResourceGroupLocation",
      `Invalid resource group location '${requested}'. The Resource group '${rg}' already exists in location '${existing}'.`,
    ),
  resourceNotFound: (type: string, name: string, rg: string) =>
    new ArmError(
      404,
      "ResourceNotFound",
      `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      undefined,
      { "x-ms-failure-cause": "gateway" },
    ),
  notFound: (what: string) => new ArmError(404, "NotFound", `${what} was not found.`),
  invalidRequestContent: (detail: string) =>
    new ArmError(
      400,
      "InvalidRequestContent",
      `The request content was invalid and could not be deserialized: '${detail}'.`,
    ),
  invalidParameter: (target: string, message: string) => new ArmError(400, "InvalidParameter", message, target),
  locationRequired: () =>
    new ArmError(400, "LocationRequired", "The location property is required for this definition.", "location"),
  propertyChangeNotAllowed: (property: string) =>
    new ArmError(400, "PropertyChangeNotAllowed", `Changing property '${property}' is not allowed.`, property),
  operationNotAllowed: (operation: string) =>
    new ArmError(
      409,
      "OperationNotAllowed",
      `Operation is not allowed: Another operation (${operation}) is in progress, please wait for it to finish before starting a new operation. ${PENDING_OPERATION_HELP}`,
    ),
  agentPoolOperationNotAllowed: (pool: string, operation: string) =>
    new ArmError(
      409,
      "OperationNotAllowed",
      `Operation is not allowed: Another agentpool operation (${pool} - ${operation}) is in progress, please wait for it to finish before starting a new operation. ${PENDING_OPERATION_HELP}`,
    ),
  clusterStopped: (cluster: string) =>
    new ArmError(
      409,
      "OperationNotAllowed",
      `Operation is not allowed because the managed cluster '${cluster}' is in Stopped state. Please start the cluster first.`,
    ),
  mustDefineSystemPool: () =>
    new ArmError(
      400,
      "MustDefineAtLeastOneSystemPool",
      "Must define at least one system pool. Please see https://aka.ms/aks/nodepool/mode for more details.",
      "agentPoolProfiles",
    ),
  /**
   * Compute's classic quota failure, naming the bucket as CRP does: "Total Regional Cores",
   * "standardDSv5Family Cores" or "Low Priority Cores".
   */
  quotaExceeded: (location: string, limit: number, usage: number, required: number, bucket?: QuotaBucket) =>
    new ArmError(
      400,
      "QuotaExceeded",
      `Operation could not be completed as it results in exceeding approved ${quotaName(bucket)} quota. Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${usage}, Additional Required: ${required}, (Minimum) New Limit Required: ${usage + required}. Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView by specifying parameters listed in the ‘Details’ section for deployment to succeed. Please read more about quota limits at https://docs.microsoft.com/en-us/azure/azure-supportability/per-vm-quota-requests`,
    ),
  /** AKS's own preflight quota failure (newer form; the HTTP status is uncertain, docs/specs/arm.md §3.3, §7). */
  insufficientVcpuQuota: (bucket: QuotaBucket, location: string, remaining: number, requested: number) =>
    new ArmError(
      400,
      "ErrCode_InsufficientVCPUQuota",
      bucket.kind === "regional"
        ? `Insufficient regional vcpu quota left for location ${location}. left regional vcpu quota ${Math.max(0, remaining)}, requested quota ${requested}. If you want to increase the quota, please follow this instruction: https://learn.microsoft.com/en-us/azure/quotas/view-quotas.`
        : `Insufficient vcpu quota requested ${requested}, remaining ${Math.max(0, remaining)} for family ${bucket.kind === "family" ? bucket.family : "lowPriorityCores"} for region ${location}.`,
    ),
  k8sVersionNotSupported: (version: string, location: string) =>
    new ArmError(
      400,
      "K8sVersionNotSupported",
      `Version ${version} is not supported in this region ${location}. Please use az aks get-versions command to get the supported version list in this region.`,
      "kubernetesVersion",
    ),
  throttled: (category: string, sub: string, actor: string, retryAfterSeconds: number) =>
    new ArmError(
      429,
      "SubscriptionRequestsThrottled",
      `Number of '${category}' requests for subscription '${sub}' actor '${actor}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      undefined,
      { "Retry-After": String(retryAfterSeconds) },
    ),
  subnetOutsideVnet: (subnet: string, vnet: string) =>
    new ArmError(
      400,
      "NetcfgSubnetRangeOutsideVnet",
      `Subnet '${subnet}' is not valid because its IP address range is outside the IP address range of virtual network '${vnet}'.`,
    ),
  subnetsOverlap: (subnet: string, vnet: string) =>
    new ArmError(
      400,
      "NetcfgSubnetRangesOverlap",
      `Subnet '${subnet}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnet}'.`,
    ),
  invalidAddressPrefix: (prefix: string) =>
    new ArmError(400, "InvalidAddressPrefixFormat", `Address prefix ${prefix} does not have a valid format.`),
  subnetInUse: (subnetId: string, user: string) =>
    new ArmError(
      400,
      "InUseSubnetCannotBeDeleted",
      `Subnet ${subnetId.split("/").pop()} is in use by ${user} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
    ),
  registryNameInUse: (name: string) =>
    new ArmError(
      409,
      "AlreadyInUse",
      `The registry DNS name ${name.toLowerCase()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`,
    ),
  geoReplicationNotSupported: () =>
    new ArmError(
      400,
      "GeoReplicationNotSupported",
      "Geo-replication is only supported for registries in the Premium SKU.",
    ),
  roleAssignmentExists: () => new ArmError(409, "RoleAssignmentExists", "The role assignment already exists."),
  invalidRoleAssignmentId: (name: string) =>
    new ArmError(
      400,
      "InvalidRoleAssignmentId",
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    ),
  badRequest: (message: string) => new ArmError(400, "BadRequest", message),
  internal: (message = "An internal error occurred.") => new ArmError(500, "InternalServerError", message),
} as const;
