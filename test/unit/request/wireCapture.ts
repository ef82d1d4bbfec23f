// Sends a planned write through the real Azure SDK client into an in-memory HttpClient (no sockets), so tests
// see exactly what would go on the wire: method, path, and the serialised (properties-nested) body.

import { createHttpHeaders, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { createAzureClients } from "../../../src/azure/clients.js";
import {
  type ArmWrite,
  maintenanceConfigurationOf,
  resolveRoleAssignment,
  subscriptionOf,
} from "../../../src/request/index.js";

/** One request as the SDK sent it. */
export interface WireRequest {
  method: string;
  path: string;
  apiVersion: string | null;
  body: Record<string, unknown>;
}

const credential: TokenCredential = {
  getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const arm = { endpoint: "https://arm.invalid", audience: "https://management.azure.com" };

/** Runs `write` through its SDK operation and returns the first request sent. */
export async function captureWire(
  write: ArmWrite,
  principalId = "00000000-0000-0000-0000-0000000000aa",
): Promise<WireRequest> {
  const sent: WireRequest[] = [];
  let last: Record<string, unknown> = {};
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest) {
      const url = new URL(request.url);
      if (request.method === "PUT") {
        last = JSON.parse(String(request.body ?? "{}"));
        sent.push({
          method: request.method,
          path: url.pathname,
          apiVersion: url.searchParams.get("api-version"),
          body: last,
        });
      }
      const properties = { ...(last.properties as object), provisioningState: "Succeeded" };
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: JSON.stringify({ ...last, properties }),
      };
    },
  };
  // The app's own factory: the plan is checked through the exact clients the activities will use.
  const clientsFor = (subscriptionId: string) =>
    createAzureClients({ ...arm, defaultSubscriptionId: subscriptionId }, credential, subscriptionId, {
      httpClient,
      retryOptions: { maxRetries: 0 },
    });
  const poll = { updateIntervalInMs: 0 };
  switch (write.kind) {
    case "resourceGroup": {
      const client = clientsFor(write.subscriptionId).resources;
      await client.resourceGroups.createOrUpdate(write.name, write.body);
      break;
    }
    case "virtualNetwork": {
      const client = clientsFor(write.subscriptionId).network;
      await client.virtualNetworks.createOrUpdate(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "registry": {
      const client = clientsFor(write.subscriptionId).containerRegistry;
      await client.registries.create(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "replication": {
      const client = clientsFor(write.subscriptionId).containerRegistry;
      await client.replications.create(write.resourceGroup, write.registryName, write.name, write.body, poll);
      break;
    }
    case "disk": {
      const client = clientsFor(write.subscriptionId).compute;
      await client.disks.createOrUpdate(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "managedCluster": {
      const client = clientsFor(write.subscriptionId).containerService;
      await client.managedClusters.createOrUpdate(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "maintenanceConfiguration": {
      // As the activity sends it: the plan's text dates made the SDK model's Dates.
      const client = clientsFor(write.subscriptionId).containerService;
      await client.maintenanceConfigurations.createOrUpdate(
        write.resourceGroup,
        write.clusterName,
        write.name,
        maintenanceConfigurationOf(write),
      );
      break;
    }
    case "roleAssignment": {
      // Scope-addressed: the client's subscription is not part of the path.
      const resolved = resolveRoleAssignment(write, principalId);
      const client = clientsFor(subscriptionOf(write.scope) ?? "").authorization;
      await client.roleAssignments.create(resolved.scope, resolved.name, resolved.body);
      break;
    }
  }
  const first = sent[0];
  if (!first) throw new Error(`no PUT was sent for ${write.kind}`);
  return first;
}
