/** One permission block of a role definition, as `roleDefinitions` GET returns it. */
export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

/** A built-in role: its name and permissions. */
export interface BuiltInRole {
  roleName: string;
  permissions: RolePermission[];
}

const AKS_DATA = "Microsoft.ContainerService/managedClusters";
const RBAC_ACTIONS = [
  "Microsoft.Authorization/*/read",
  "Microsoft.Resources/subscriptions/operationresults/read",
  "Microsoft.Resources/subscriptions/read",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
];
const readOnly = ["*/read"];

const plain = (roleName: string, actions: string[]): BuiltInRole => ({
  roleName,
  permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }],
});

const aksData = (roleName: string, actions: string[], dataActions: string[], notDataActions: string[] = []) => ({
  roleName,
  permissions: [{ actions, notActions: [], dataActions, notDataActions }],
});

// Namespaced reads of AKS RBAC Reader (built-in-roles/containers): no `nodes/read` (only metrics.k8s.io's), no secrets.
const READER_DATA = [
  "apps/controllerrevisions/read",
  "apps/daemonsets/read",
  "apps/deployments/read",
  "apps/replicasets/read",
  "apps/statefulsets/read",
  "autoscaling/horizontalpodautoscalers/read",
  "batch/cronjobs/read",
  "batch/jobs/read",
  "configmaps/read",
  "discovery.k8s.io/endpointslices/read",
  "endpoints/read",
  "events.k8s.io/events/read",
  "events/read",
  "extensions/daemonsets/read",
  "extensions/deployments/read",
  "extensions/ingresses/read",
  "extensions/networkpolicies/read",
  "extensions/replicasets/read",
  "limitranges/read",
  "metrics.k8s.io/pods/read",
  "metrics.k8s.io/nodes/read",
  "namespaces/read",
  "networking.k8s.io/ingresses/read",
  "networking.k8s.io/networkpolicies/read",
  "persistentvolumeclaims/read",
  "pods/read",
  "policy/poddisruptionbudgets/read",
  "replicationcontrollers/read",
  "resourcequotas/read",
  "serviceaccounts/read",
  "services/read",
].map((a) => `${AKS_DATA}/${a}`);

// AKS RBAC Writer: read/write of namespaced objects, secrets included; still no `nodes/read`.
const WRITER_DATA = [
  "apps/controllerrevisions/read",
  "apps/daemonsets/*",
  "apps/deployments/*",
  "apps/replicasets/*",
  "apps/statefulsets/*",
  "autoscaling/horizontalpodautoscalers/*",
  "batch/cronjobs/*",
  "coordination.k8s.io/leases/read",
  "coordination.k8s.io/leases/write",
  "coordination.k8s.io/leases/delete",
  "discovery.k8s.io/endpointslices/read",
  "batch/jobs/*",
  "configmaps/*",
  "endpoints/*",
  "events.k8s.io/events/read",
  "events/*",
  "extensions/daemonsets/*",
  "extensions/deployments/*",
  "extensions/ingresses/*",
  "extensions/networkpolicies/*",
  "extensions/replicasets/*",
  "limitranges/read",
  "metrics.k8s.io/pods/read",
  "metrics.k8s.io/nodes/read",
  "namespaces/read",
  "networking.k8s.io/ingresses/*",
  "networking.k8s.io/networkpolicies/*",
  "persistentvolumeclaims/*",
  "pods/*",
  "policy/poddisruptionbudgets/*",
  "replicationcontrollers/*",
  "resourcequotas/read",
  "secrets/*",
  "serviceaccounts/*",
  "services/*",
].map((a) => `${AKS_DATA}/${a}`);

/**
 * Built-in role definitions the sandbox knows, by GUID, with the real permissions where they matter to it: the
 * AKS RBAC roles' dataActions decide what an Entra caller may read from a cluster with Azure RBAC. The least of
 * them with `Microsoft.ContainerService/managedClusters/nodes/read` is Azure Kubernetes Service RBAC Admin.
 */
export const builtInRoles: Record<string, BuiltInRole> = {
  "7f951dda-4ed3-4680-a7ca-43fe172d538d": plain("AcrPull", readOnly),
  "8311e382-0749-4cb8-b61a-304f252e45ec": plain("AcrPush", readOnly),
  "b24988ac-6180-42a0-ab88-20f7382dd24c": plain("Contributor", readOnly),
  "acdd72a7-3385-48ef-bd42-f606fba81ae7": plain("Reader", readOnly),
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": plain("Owner", readOnly),
  "4d97b98b-1d4f-4787-a291-c67834d212e7": plain("Network Contributor", readOnly),
  "f1a07417-d97a-45cb-824c-7a7467783830": plain("Managed Identity Operator", readOnly),
  "4abbcc35-e782-43d8-92c5-2d3f1bd2253f": plain("Azure Kubernetes Service Cluster User Role", [
    `${AKS_DATA}/listClusterUserCredential/action`,
    `${AKS_DATA}/read`,
  ]),
  "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8": plain("Azure Kubernetes Service Cluster Admin Role", [
    `${AKS_DATA}/listClusterAdminCredential/action`,
    `${AKS_DATA}/accessProfiles/listCredential/action`,
    `${AKS_DATA}/read`,
    `${AKS_DATA}/runcommand/action`,
  ]),
  "7f6c6a51-bcf8-42ba-9220-52d62157d7db": aksData("Azure Kubernetes Service RBAC Reader", RBAC_ACTIONS, READER_DATA),
  "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb": aksData("Azure Kubernetes Service RBAC Writer", RBAC_ACTIONS, WRITER_DATA),
  "3498e952-d568-435e-9b2c-8d77e338d7f7": aksData(
    "Azure Kubernetes Service RBAC Admin",
    [...RBAC_ACTIONS, `${AKS_DATA}/listClusterUserCredential/action`],
    [`${AKS_DATA}/*`],
    [
      `${AKS_DATA}/resourcequotas/write`,
      `${AKS_DATA}/resourcequotas/delete`,
      `${AKS_DATA}/namespaces/write`,
      `${AKS_DATA}/namespaces/delete`,
    ],
  ),
  "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b": aksData(
    "Azure Kubernetes Service RBAC Cluster Admin",
    [...RBAC_ACTIONS, `${AKS_DATA}/listClusterUserCredential/action`],
    [`${AKS_DATA}/*`],
  ),
};

// Azure's wildcards: `*` matches any run of characters, case-insensitively.
function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(literal).join(".*")}$`, "i");
  return re.test(action);
}
const literal = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** True when one of the role's permission blocks grants `dataAction` (in dataActions, not in notDataActions). */
export function grantsDataAction(role: BuiltInRole, dataAction: string): boolean {
  return role.permissions.some(
    (p) => p.dataActions.some((a) => matches(a, dataAction)) && !p.notDataActions.some((a) => matches(a, dataAction)),
  );
}
