import type { BuiltInRole } from "./roles.js";

/**
 * Every kind of step a provisioning goes through, in order. The plan's branches, the orchestration's
 * status, the status API and the progress events all name steps with these words (and only these).
 */
export const STEP_KINDS = [
  "resourceGroup",
  "network",
  "registry",
  "disk",
  "cluster",
  // Written on the cluster once it exists: its maintenance configurations, the provisioner's Kubernetes API access.
  "maintenance",
  "clusterAccess",
  "readiness",
  "networkAccess",
  "registryAccess",
  "diskAccess",
  // Day-2 operations: a pool's write (`pool:{name}`), the control plane's upgrade, a stop or start, a stage of a
  // deprovision's deletes (`delete:{stage}`: roleAssignments, cluster, dependencies, resourceGroup).
  "pool",
  "controlPlane",
  "power",
  "delete",
  // A schedule's or an expiry's operation waiting for the cluster's lock (another operation holds it).
  "lock",
] as const;

/** A kind of provisioning step. */
export type StepKind = (typeof STEP_KINDS)[number];

/** A step's id: its kind, or `kind:name` for the kinds a request can have several of (`disk:data`, `diskAccess:data`). */
export type StepId = StepKind | `${StepKind}:${string}`;

/**
 * Steps of the operations around a provisioning, named in events beside the provisioning steps: `lock` (taking
 * the cluster's lock: another operation holds it), `rollback` (the compensation after a failure), `preflight`
 * (the reads before an approval is asked for: a failed check ends the run there).
 */
export type OperationStep = "lock" | "rollback" | "preflight";

/** What a progress or failure event names as its `step`. */
export type ProvisioningStep = StepId | OperationStep;

/**
 * The stages of a provisioning: each starts when the one before has finished; its steps run in parallel. A day-2
 * operation's steps are all in the one stage `operation`.
 */
export const STAGES = [
  "resourceGroup",
  "dependencies",
  "cluster",
  "clusterSettings",
  "readiness",
  "roleAssignments",
  "operation",
] as const;

/** A stage of a provisioning. */
export type StageName = (typeof STAGES)[number];

/** The id of a step of `kind`, qualified by `name` for kinds a request can have several of. */
export function stepId(kind: StepKind, name?: string): StepId {
  return name === undefined ? kind : `${kind}:${name}`;
}

/** The kind of a step id (`disk:data` → `disk`). */
export function stepKindOf(id: StepId): StepKind {
  const colon = id.indexOf(":");
  return (colon < 0 ? id : id.slice(0, colon)) as StepKind;
}

/** The step that assigns `role`: the kind follows what the role opens (subnet, registry, a disk, the cluster's API). */
export function accessStepKind(role: BuiltInRole): StepKind {
  switch (role) {
    case "NetworkContributor":
      return "networkAccess";
    case "AcrPull":
      return "registryAccess";
    case "Contributor":
      return "diskAccess";
    case "AksRbacAdmin":
      return "clusterAccess";
  }
}
