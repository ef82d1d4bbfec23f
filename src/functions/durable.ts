import { app } from "@azure/functions";
import * as df from "durable-functions";
import { createActivities } from "../activities/index.js";
import { CLUSTER_OPERATION, clusterOperationOrchestrator } from "../orchestrators/clusterOperation.js";
import { CLUSTER_LOCK, clusterLockEntity, WRITE_BUDGET, writeBudgetEntity } from "../orchestrators/entities.js";
import { PROVISION, provisionOrchestrator, ROLLBACK } from "../orchestrators/provision.js";
import { rollbackOrchestrator } from "../orchestrators/rollback.js";
import { closeServices, getServices } from "./services.js";

df.app.orchestration(PROVISION, provisionOrchestrator);
df.app.orchestration(ROLLBACK, rollbackOrchestrator);
df.app.orchestration(CLUSTER_OPERATION, clusterOperationOrchestrator);
df.app.entity(CLUSTER_LOCK, clusterLockEntity);
df.app.entity(WRITE_BUDGET, writeBudgetEntity);

// Every activity under its own name; dependencies are resolved per call from the worker's services.
const activities = createActivities({
  clients: (subscriptionId) => getServices().clientsFor(subscriptionId),
  publisher: () => getServices().publisher,
});
for (const [name, handler] of Object.entries(activities)) {
  df.app.activity(name, { handler: (input: unknown) => (handler as (i: unknown) => Promise<unknown>)(input) });
}

app.hook.appTerminate(() => closeServices());
