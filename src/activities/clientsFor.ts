import type { AzureClients } from "../azure/clients.js";

/** The ARM clients of one subscription; activities take this rather than clients, since writes name their own. */
export type ClientsFor = (subscriptionId: string) => AzureClients;
