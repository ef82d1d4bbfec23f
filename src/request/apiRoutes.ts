/** Functions route prefix (`host.json` `extensions.http.routePrefix`). */
export const API_ROUTE_PREFIX = "api";

/** One HTTP endpoint: the spelling shared by the function registration and the OpenAPI document. */
export interface ApiRoute {
  /** Function name and OpenAPI operationId. */
  name: string;
  method: "GET" | "POST" | "DELETE";
  /** Route template as `app.http({ route })` takes it (no prefix), e.g. `clusters/{requestId}`. */
  route: string;
  /** `function` needs a function key (`x-functions-key` header or `code` query); `anonymous` needs none. */
  authLevel: "function" | "anonymous";
  summary: string;
}

/** Every HTTP endpoint of the API, each registered by `src/functions` under its name. */
export const apiRoutes = {
  submitCluster: {
    name: "submitCluster",
    method: "POST",
    route: "clusters",
    authLevel: "function",
    summary: "Validate a cluster request and start provisioning it (idempotent on requestId).",
  },
  listClusters: {
    name: "listClusters",
    method: "GET",
    route: "clusters",
    authLevel: "function",
    summary:
      "The cluster registry: one row per cluster, filtered by state, owner and resourceGroup, paged with top and nextLink.",
  },
  planCluster: {
    name: "planCluster",
    method: "POST",
    route: "clusters/plan",
    authLevel: "function",
    summary: "Dry run: validate a request and return the ARM writes it would make, without making them.",
  },
  getClusterStatus: {
    name: "getClusterStatus",
    method: "GET",
    route: "clusters/{requestId}",
    authLevel: "function",
    summary: "Status of the provisioning started for a request id.",
  },
  getClusterOperation: {
    name: "getClusterOperation",
    method: "GET",
    route: "clusters/{requestId}/operation",
    authLevel: "function",
    summary:
      "Asynchronous request-reply: 202 with Retry-After while the run goes on, 200 with the final status once it has ended.",
  },
  stopCluster: {
    name: "stopCluster",
    method: "POST",
    route: "clusters/{requestId}/stop",
    authLevel: "function",
    summary:
      "Stop the cluster (AKS deallocates its nodes; the control plane keeps its state). One operation at a time.",
  },
  startCluster: {
    name: "startCluster",
    method: "POST",
    route: "clusters/{requestId}/start",
    authLevel: "function",
    summary: "Start a stopped cluster and wait until its nodes are Ready. One operation at a time.",
  },
  upgradeCluster: {
    name: "upgradeCluster",
    method: "POST",
    route: "clusters/{requestId}/upgrade",
    authLevel: "function",
    summary:
      "Upgrade Kubernetes to a version of the cluster's upgrade profile: the control plane, then each pool in turn (surge checked against the vCPU quota first). One operation at a time.",
  },
  scaleCluster: {
    name: "scaleCluster",
    method: "POST",
    route: "clusters/{requestId}/scale",
    authLevel: "function",
    summary:
      "Scale node pools: `{ pools: { <name>: count | { min, max } } }` (autoscaled pools take bounds only). One operation at a time.",
  },
  addPool: {
    name: "addPool",
    method: "POST",
    route: "clusters/{requestId}/pools",
    authLevel: "function",
    summary:
      "Add a node pool (validated as a request's pool: name, VM size, quota, subnet room) and wait until its nodes are Ready.",
  },
  removePool: {
    name: "removePool",
    method: "DELETE",
    route: "clusters/{requestId}/pools/{pool}",
    authLevel: "function",
    summary: "Remove a node pool (never the cluster's last System pool). One operation at a time.",
  },
  getClusterOperationById: {
    name: "getClusterOperationById",
    method: "GET",
    route: "clusters/{requestId}/operations/{operationId}",
    authLevel: "function",
    summary:
      "A day-2 operation, as asynchronous request-reply: 202 with Retry-After while it runs, 200 with its final status.",
  },
  deleteCluster: {
    name: "deleteCluster",
    method: "DELETE",
    route: "clusters/{requestId}",
    authLevel: "function",
    summary:
      "Deprovision: delete the cluster, then the VNet, registry, disks and resource group this request created (never what it found). 202 with the operation URL; one operation at a time; also after a failed provisioning.",
  },
  approveCluster: {
    name: "approveCluster",
    method: "POST",
    route: "clusters/{requestId}/approve",
    authLevel: "function",
    summary:
      "Approve a provisioning waiting for approval (`{ approver, comment? }`): it goes on to write. 409 when it is not waiting (never asked, decided, expired).",
  },
  rejectCluster: {
    name: "rejectCluster",
    method: "POST",
    route: "clusters/{requestId}/reject",
    authLevel: "function",
    summary:
      "Reject a provisioning waiting for approval (`{ approver, comment? }`): it ends with nothing created. 409 when it is not waiting.",
  },
  statusPage: {
    name: "statusPage",
    method: "GET",
    route: "ui/{*path}",
    authLevel: "anonymous",
    summary:
      "The status page (static HTML, CSS and ES modules): the cluster list and one request's timeline. Anonymous: it holds no key; the page calls the API with the key the user gives it.",
  },
  health: {
    name: "health",
    method: "GET",
    route: "health",
    authLevel: "anonymous",
    summary: "Liveness and settings check.",
  },
} as const satisfies Record<string, ApiRoute>;

/** The OpenAPI path of a route: `/api/clusters/{requestId}`; a catch-all `{*path}` is OpenAPI's `{path}`. */
export function apiPath(route: Pick<ApiRoute, "route">): string {
  return `/${API_ROUTE_PREFIX}/${route.route.replaceAll("{*", "{")}`;
}
