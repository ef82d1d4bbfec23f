import type { TokenCredential } from "@azure/identity";
import { RetryMode, type RetryOptions, type ServiceBusClient } from "@azure/service-bus";
import type { ClientsFor } from "../activities/clientsFor.js";
import { type ClusterTable, clusterTable } from "../activities/clusterTable.js";
import { type WriteBudgetTable, writeBudgetTable } from "../activities/writeBudgetTable.js";
import { type AzureClients, createAzureClients } from "../azure/clients.js";
import { createCredential } from "../azure/credential.js";
import { type AppConfig, loadConfig } from "../config.js";
import { type ClusterEventPublisher, createClusterEventPublisher, createServiceBusClient } from "../events/index.js";

/** What the functions share for the life of a worker: settings, the identity, clients and the publisher. */
export interface Services {
  config: AppConfig;
  credential: TokenCredential;
  clientsFor: ClientsFor;
  serviceBus: ServiceBusClient;
  publisher: ClusterEventPublisher;
  /** The cluster registry (table CLUSTER_TABLE_NAME on the app's storage). */
  clusterTable: ClusterTable;
  /** The ARM write budget of every subscription (table `armWriteBudget` on the app's storage). */
  writeBudget: WriteBudgetTable;
}

let services: Services | undefined;

/**
 * The SDK's own retries, kept short (its default waits 30 s between tries, and a send waits for a lost connection
 * for a minute): an activity that cannot reach the broker answers within about 10 s, and the orchestration waits
 * for the broker on durable timers (src/orchestrators/outbox.ts), with its ARM work going on, instead of holding a
 * worker and the batch of ARM calls the delivery rides with.
 */
const SEND_RETRY: RetryOptions = {
  maxRetries: 1,
  retryDelayInMs: 500,
  mode: RetryMode.Fixed,
  timeoutInMs: 5000,
};

/**
 * The worker's services, built on first use (not at import: a bad setting then fails the call that needs
 * it with a ConfigError naming every bad setting, and `/api/health` can still answer).
 */
export function getServices(): Services {
  if (services) return services;
  const config = loadConfig();
  const credential = createCredential(config.arm);
  const clients = new Map<string, AzureClients>();
  const serviceBus = createServiceBusClient(config.serviceBus, credential, { retryOptions: SEND_RETRY });
  services = {
    config,
    credential,
    clientsFor(subscriptionId) {
      const key = subscriptionId.toLowerCase();
      let c = clients.get(key);
      if (!c) {
        c = createAzureClients(config.arm, credential, subscriptionId);
        clients.set(key, c);
      }
      return c;
    },
    serviceBus,
    publisher: createClusterEventPublisher(serviceBus, { topicName: config.serviceBus.eventsTopicName }),
    clusterTable: clusterTable(config.storage, credential),
    writeBudget: writeBudgetTable(config.storage, credential),
  };
  return services;
}

/** Closes what `getServices` opened (the app's terminate hook). */
export async function closeServices(): Promise<void> {
  const open = services;
  services = undefined;
  if (!open) return;
  await open.publisher.close();
  await open.serviceBus.close();
}
