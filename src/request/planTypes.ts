import type { RoleAssignmentCreateParameters } from "@azure/arm-authorization";
import type { Disk } from "@azure/arm-compute";
import type { Registry, Replication } from "@azure/arm-containerregistry";
import type { MaintenanceWindow, ManagedCluster } from "@azure/arm-containerservice";
import type { VirtualNetwork } from "@azure/arm-network";
import type { ResourceGroup } from "@azure/arm-resources";
import type { BuiltInRole } from "./roles.js";
import type { StageName, StepId } from "./steps.js";

/** What every write to a named resource carries: its id and the arguments the SDK call takes. */
interface NamedWrite {
  resourceId: string;
  subscriptionId: string;
  resourceGroup: string;
  /** Resource name (the SDK's name argument). */
  name: string;
}

/** `resourceGroups.createOrUpdate(resourceGroup, body)`; synchronous. */
export interface ResourceGroupWrite extends NamedWrite {
  kind: "resourceGroup";
  resourceType: "Microsoft.Resources/resourceGroups";
  operation: "resourceGroups.createOrUpdate";
  body: ResourceGroup;
}

/** `virtualNetworks.createOrUpdate(resourceGroup, name, body)`; the node subnet is inline. */
export interface VirtualNetworkWrite extends NamedWrite {
  kind: "virtualNetwork";
  resourceType: "Microsoft.Network/virtualNetworks";
  operation: "virtualNetworks.createOrUpdate";
  body: VirtualNetwork;
}

/** `registries.create(resourceGroup, name, body)`. */
export interface RegistryWrite extends NamedWrite {
  kind: "registry";
  resourceType: "Microsoft.ContainerRegistry/registries";
  operation: "registries.create";
  body: Registry;
}

/** `replications.create(resourceGroup, registryName, name, body)`; `name` is the replica's location. */
export interface ReplicationWrite extends NamedWrite {
  kind: "replication";
  resourceType: "Microsoft.ContainerRegistry/registries/replications";
  operation: "replications.create";
  registryName: string;
  body: Replication;
}

/** `disks.createOrUpdate(resourceGroup, name, body)`. */
export interface DiskWrite extends NamedWrite {
  kind: "disk";
  resourceType: "Microsoft.Compute/disks";
  operation: "disks.createOrUpdate";
  body: Disk;
}

/** `managedClusters.createOrUpdate(resourceGroup, name, body)`; node pools are `body.agentPoolProfiles`. */
export interface ManagedClusterWrite extends NamedWrite {
  kind: "managedCluster";
  resourceType: "Microsoft.ContainerService/managedClusters";
  operation: "managedClusters.createOrUpdate";
  body: ManagedCluster;
}

/**
 * A maintenance window as the plan carries it: the SDK's `MaintenanceWindow` with its dates as `YYYY-MM-DD` text, since
 * the plan is JSON and the SDK wants `Date`s (`maintenanceConfigurationOf` makes them).
 */
export type PlannedMaintenanceWindow = Omit<MaintenanceWindow, "startDate" | "notAllowedDates"> & {
  startDate?: string;
  notAllowedDates?: { start: string; end: string }[];
};

/**
 * `maintenanceConfigurations.createOrUpdate(resourceGroup, clusterName, name, body)`, after the cluster: synchronous,
 * and under its fixed name (`aksManagedAutoUpgradeSchedule`, `aksManagedNodeOSUpgradeSchedule`) a repeat is the same PUT.
 */
export interface MaintenanceConfigurationWrite extends NamedWrite {
  kind: "maintenanceConfiguration";
  resourceType: "Microsoft.ContainerService/managedClusters/maintenanceConfigurations";
  operation: "maintenanceConfigurations.createOrUpdate";
  clusterName: string;
  body: { maintenanceWindow: PlannedMaintenanceWindow };
}

/** Whose principal id a role assignment gets once the cluster exists. */
export type PrincipalSource =
  /** `cluster.identityProfile.kubeletidentity.objectId` (pulls images). */
  | "kubeletIdentity"
  /** `cluster.identity.principalId`, or the user-assigned identity's principal (manages network and disks). */
  | "clusterIdentity"
  /** The provisioner's own identity: the `oid` of its ARM token, read by the activity (checks readiness). */
  | "provisioner";

/**
 * `roleAssignments.create(scope, name, body)`. The principal is unknown until the cluster exists, so name,
 * id and `principalId` come from `resolveRoleAssignment(write, principalId)` at run time.
 */
export interface RoleAssignmentWrite {
  kind: "roleAssignment";
  resourceType: "Microsoft.Authorization/roleAssignments";
  operation: "roleAssignments.create";
  scope: string;
  role: BuiltInRole;
  principalFrom: PrincipalSource;
  body: Omit<RoleAssignmentCreateParameters, "principalId"> & { roleDefinitionId: string };
}

/** Any write a plan contains, discriminated by `kind`. */
export type ArmWrite =
  | ResourceGroupWrite
  | VirtualNetworkWrite
  | RegistryWrite
  | ReplicationWrite
  | DiskWrite
  | ManagedClusterWrite
  | MaintenanceConfigurationWrite
  | RoleAssignmentWrite;

/** Writes that run one after the other (a registry, then its replicas): one step of the provisioning. */
export interface PlanBranch {
  /** The step these writes make (`src/request/steps.ts`). */
  name: StepId;
  writes: ArmWrite[];
}

/**
 * Branches that run in parallel; a stage starts when the previous one has finished. `clusterSettings` holds what is
 * written on the cluster once it exists (maintenance configurations, the provisioner's access), before readiness.
 */
export interface PlanStage {
  /** Every stage but `readiness`, which reads and does not write (and `operation`, which is day-2's). */
  name: Exclude<StageName, "readiness" | "operation">;
  branches: PlanBranch[];
}

/** Everything a request turns into in Azure; JSON-serialisable (the dry-run answer). */
export interface ProvisioningPlan {
  requestId: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  clusterName: string;
  clusterId: string;
  nodeResourceGroup: string;
  dnsPrefix: string;
  /** Tags put on every resource created. */
  tags: Record<string, string>;
  /** Ids the cluster uses, whether this plan creates them or they already exist. */
  references: { subnetId?: string; registryId?: string; diskIds: string[] };
  stages: PlanStage[];
}
