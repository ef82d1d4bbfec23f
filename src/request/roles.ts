/** Built-in Azure role definition GUIDs the provisioner assigns (the same in every tenant). */
export const BUILT_IN_ROLES = {
  /** Pull images from a registry; given to the kubelet identity. */
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  /** Join nodes and load balancers to a subnet; given to the cluster identity. */
  NetworkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  /** Attach a managed disk outside the node resource group; given to the cluster identity. */
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
} as const;

/** Name of one of `BUILT_IN_ROLES`. */
export type BuiltInRole = keyof typeof BUILT_IN_ROLES;
