import { app } from "@azure/functions";
import * as df from "durable-functions";
import { apiRoutes } from "../request/index.js";
import { approvalHandler } from "./approval.js";
import { getClusterOperation, getClusterStatus } from "./clusterStatus.js";
import { day2Starts } from "./day2Starts.js";
import { withApiErrors } from "./http/withApiErrors.js";
import { listClusters } from "./listClusters.js";
import { getClusterOperationById } from "./operationStatus.js";
import { planCluster } from "./planCluster.js";
import { startOperation } from "./startOperation.js";
import { submitCluster } from "./submitCluster.js";

// Routes, methods and auth levels come from apiRoutes: the spelling the OpenAPI document uses too.
const {
  submitCluster: submit,
  planCluster: dryRun,
  getClusterStatus: status,
  getClusterOperation: operation,
  listClusters: list,
} = apiRoutes;

df.app.client.http(submit.name, {
  route: submit.route,
  methods: [submit.method],
  authLevel: submit.authLevel,
  handler: withApiErrors(submitCluster),
});
// The registry's list: GET on the route a POST submits to (the host routes by method as well as template).
app.http(list.name, {
  route: list.route,
  methods: [list.method],
  authLevel: list.authLevel,
  handler: withApiErrors(listClusters),
});
app.http(dryRun.name, {
  route: dryRun.route,
  methods: [dryRun.method],
  authLevel: dryRun.authLevel,
  handler: withApiErrors(planCluster),
});
df.app.client.http(status.name, {
  route: status.route,
  methods: [status.method],
  authLevel: status.authLevel,
  handler: withApiErrors(getClusterStatus),
});
df.app.client.http(operation.name, {
  route: operation.route,
  methods: [operation.method],
  authLevel: operation.authLevel,
  handler: withApiErrors(getClusterOperation),
});

// Day-2 operations: each one a run of the clusterOperation orchestration, one at a time per cluster.
const day2 = [
  { route: apiRoutes.stopCluster, handler: startOperation(day2Starts.stop) },
  { route: apiRoutes.startCluster, handler: startOperation(day2Starts.start) },
  { route: apiRoutes.deleteCluster, handler: startOperation(day2Starts.deprovision) },
  { route: apiRoutes.upgradeCluster, handler: startOperation(day2Starts.upgrade) },
  { route: apiRoutes.scaleCluster, handler: startOperation(day2Starts.scale) },
  { route: apiRoutes.addPool, handler: startOperation(day2Starts["pools.add"]) },
  { route: apiRoutes.removePool, handler: startOperation(day2Starts["pools.remove"]) },
  { route: apiRoutes.getClusterOperationById, handler: getClusterOperationById },
  // Approval decisions for a provisioning waiting at its approval gate.
  { route: apiRoutes.approveCluster, handler: approvalHandler("approve") },
  { route: apiRoutes.rejectCluster, handler: approvalHandler("reject") },
];
for (const { route, handler } of day2) {
  df.app.client.http(route.name, {
    route: route.route,
    methods: [route.method],
    authLevel: route.authLevel,
    handler: withApiErrors(handler),
  });
}
