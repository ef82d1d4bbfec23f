/** Built-in Azure role definition GUIDs the provisioner assigns (the same in every tenant). */
export const BUILT_IN_ROLES = {
  /** Pull images from a registry; given to the kubelet identity. */
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  /** Join nodes and load balancers to a subnet; given to the cluster identity. */
  NetworkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  /** Attach a managed disk outside the node resource group; given to the cluster identity. */
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  /**
   * Azure Kubernetes Service RBAC Admin: the least built-in role whose dataActions (`managedClusters/*` but
   * namespace and quota writes) include `managedClusters/nodes/read`, which RBAC Reader and Writer lack (nodes are
   * cluster-scoped). Given to the provisioner itself on an Azure-RBAC cluster, so readiness can list its nodes.
   */
  AksRbacAdmin: "3498e952-d568-435e-9b2c-8d77e338d7f7",
} as const;

/** Name of one of `BUILT_IN_ROLES`. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
