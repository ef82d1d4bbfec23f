import { app } from "@azure/functions";
import * as df from "durable-functions";
import { createActivities } from "../activities/index.js";
import { type Throttled, watchThrottling } from "../azure/throttling.js";
import { CLUSTER_OPERATION, clusterOperationOrchestrator } from "../orchestrators/clusterOperation.js";
import {
  CLUSTER_LOCK,
  clusterLockEntity,
  WRITE_BUDGET,
  writeBudgetEntity,
  writeBudgetId,
} from "../orchestrators/entities.js";
import { EXPIRY, expiryOrchestrator } from "../orchestrators/expiry.js";
import { PROVISION, provisionOrchestrator, ROLLBACK } from "../orchestrators/provision.js";
import { rollbackOrchestrator } from "../orchestrators/rollback.js";
import { closeServices, getServices } from "./services.js";

df.app.orchestration(PROVISION, provisionOrchestrator);
df.app.orchestration(ROLLBACK, rollbackOrchestrator);
df.app.orchestration(CLUSTER_OPERATION, clusterOperationOrchestrator);
df.app.orchestration(EXPIRY, expiryOrchestrator);
df.app.entity(CLUSTER_LOCK, clusterLockEntity);
df.app.entity(WRITE_BUDGET, writeBudgetEntity);

// Every activity under its own name; dependencies are resolved per call from the worker's services. A 429 ARM
// answered during a call (the SDK waited it out) drains the subscription's write budget until ARM's Retry-After,
// so the other runs slow down too.
const activities = createActivities({
  clients: (subscriptionId) => getServices().clientsFor(subscriptionId),
  publisher: () => getServices().publisher,
  clusterTable: () => getServices().clusterTable,
  retailPricesEndpoint: () => getServices().config.retailPricesEndpoint,
});
const durableClient = df.input.durableClient();
for (const [name, handler] of Object.entries(activities)) {
  df.app.activity(name, {
    extraInputs: [durableClient],
    handler: (input: unknown, context) =>
      watchThrottling(
        () => (handler as (i: unknown) => Promise<unknown>)(input),
        (throttled) => drainBudgets(df.getClient(context), throttled),
      ),
  });
}

async function drainBudgets(client: df.DurableClient, throttled: Throttled[]): Promise<void> {
  const { limits } = getServices().config;
  const settings = { burst: limits.armWriteBurst, perSecond: limits.armWriteRate };
  for (const { subscriptionId, untilMs } of throttled) {
    await client.signalEntity(writeBudgetId(subscriptionId), "drain", { nowMs: Date.now(), untilMs, settings });
  }
}

app.hook.appTerminate(() => closeServices());
