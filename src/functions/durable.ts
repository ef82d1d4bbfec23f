import { app } from "@azure/functions";
import * as df from "durable-functions";
import { createActivities } from "../activities/index.js";
import { meteredWrite } from "../activities/meteredWrite.js";
import { type Throttled, watchThrottling } from "../azure/throttling.js";
import { CLUSTER_OPERATION, clusterOperationOrchestrator } from "../orchestrators/clusterOperation.js";
import { CLUSTER_LOCK, clusterLockEntity } from "../orchestrators/entities.js";
import { EXPIRY, expiryOrchestrator } from "../orchestrators/expiry.js";
import { PROVISION, provisionOrchestrator, ROLLBACK } from "../orchestrators/provision.js";
import { rollbackOrchestrator } from "../orchestrators/rollback.js";
import { closeServices, getServices } from "./services.js";

df.app.orchestration(PROVISION, provisionOrchestrator);
df.app.orchestration(ROLLBACK, rollbackOrchestrator);
df.app.orchestration(CLUSTER_OPERATION, clusterOperationOrchestrator);
df.app.orchestration(EXPIRY, expiryOrchestrator);
df.app.entity(CLUSTER_LOCK, clusterLockEntity);

// Every activity under its own name; dependencies are resolved per call from the worker's services. A metered
// write-making call takes its token from the subscription's write budget first (`meteredWrite`). A 429 ARM
// answered during a call (the SDK waited it out) drains that budget until ARM's Retry-After, so the other runs
// slow down too.
const activities = createActivities({
  clients: (subscriptionId) => getServices().clientsFor(subscriptionId),
  publisher: () => getServices().publisher,
  clusterTable: () => getServices().clusterTable,
  retailPricesEndpoint: () => getServices().config.retailPricesEndpoint,
});
for (const [name, handler] of Object.entries(activities)) {
  const metered = meteredWrite(() => getServices().writeBudget, handler as (i: unknown) => Promise<unknown>);
  df.app.activity(name, {
    handler: (input: unknown, context) =>
      watchThrottling(() => metered(input, (message) => context.warn(message)), drainBudgets),
  });
}

async function drainBudgets(throttled: Throttled[]): Promise<void> {
  const { config, writeBudget } = getServices();
  const settings = { burst: config.limits.armWriteBurst, perSecond: config.limits.armWriteRate };
  for (const { subscriptionId, untilMs } of throttled) {
    await writeBudget.drain(subscriptionId, settings, untilMs, Date.now());
  }
}

app.hook.appTerminate(() => closeServices());
