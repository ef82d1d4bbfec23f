import { app } from "@azure/functions";
import * as df from "durable-functions";
import { apiRoutes } from "../request/index.js";
import { getClusterOperation, getClusterStatus } from "./clusterStatus.js";
import { withApiErrors } from "./http/withApiErrors.js";
import { listClusters } from "./listClusters.js";
import { noBody } from "./operationBodies.js";
import { getClusterOperationById } from "./operationStatus.js";
import { planCluster } from "./planCluster.js";
import { poolAddBody, poolRemoveBody, scaleBody } from "./poolBodies.js";
import { startOperation } from "./startOperation.js";
import { submitCluster } from "./submitCluster.js";
import { upgradeBody } from "./upgradeChecks.js";

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
  { route: apiRoutes.stopCluster, handler: startOperation({ kind: "stop", check: noBody }) },
  { route: apiRoutes.startCluster, handler: startOperation({ kind: "start", check: noBody }) },
  // Deprovision also cleans up after a provisioning that failed and kept what it made.
  {
    route: apiRoutes.deleteCluster,
    handler: startOperation({ kind: "deprovision", check: noBody, afterFailure: true }),
  },
  {
    route: apiRoutes.upgradeCluster,
    handler: startOperation({ kind: "upgrade", check: upgradeBody }),
  },
  { route: apiRoutes.scaleCluster, handler: startOperation({ kind: "scale", check: scaleBody }) },
  { route: apiRoutes.addPool, handler: startOperation({ kind: "poolAdd", check: poolAddBody }) },
  { route: apiRoutes.removePool, handler: startOperation({ kind: "poolRemove", check: poolRemoveBody }) },
  { route: apiRoutes.getClusterOperationById, handler: getClusterOperationById },
];
for (const { route, handler } of day2) {
  df.app.client.http(route.name, {
    route: route.route,
    methods: [route.method],
    authLevel: route.authLevel,
    handler: withApiErrors(handler),
  });
}
