// Sends a planned write through the real Azure SDK client into an in-memory HttpClient (no sockets), so tests
// see exactly what would go on the wire: method, path, and the serialised (properties-nested) body.

import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ComputeManagementClient } from "@azure/arm-compute";
import { ContainerRegistryManagementClient } from "@azure/arm-containerregistry";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/core-auth";
import { createHttpHeaders, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline";
import { type ArmWrite, resolveRoleAssignment, subscriptionOf } from "../../../src/spec/index.js";

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
const endpoint = "https://arm.invalid";

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
  const options = { endpoint, httpClient, retryOptions: { maxRetries: 0 } };
  const poll = { updateIntervalInMs: 0 };
  switch (write.kind) {
    case "resourceGroup": {
      const client = new ResourceManagementClient(credential, write.subscriptionId, options);
      await client.resourceGroups.createOrUpdate(write.name, write.body);
      break;
    }
    case "virtualNetwork": {
      const client = new NetworkManagementClient(credential, write.subscriptionId, options);
      await client.virtualNetworks.createOrUpdate(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "registry": {
      const client = new ContainerRegistryManagementClient(credential, write.subscriptionId, options);
      await client.registries.create(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "replication": {
      const client = new ContainerRegistryManagementClient(credential, write.subscriptionId, options);
      await client.replications.create(write.resourceGroup, write.registryName, write.name, write.body, poll);
      break;
    }
    case "disk": {
      const client = new ComputeManagementClient(credential, write.subscriptionId, options);
      await client.disks.createOrUpdate(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "managedCluster": {
      const client = new ContainerServiceClient(credential, write.subscriptionId, options);
      await client.managedClusters.createOrUpdate(write.resourceGroup, write.name, write.body, poll);
      break;
    }
    case "roleAssignment": {
      // Scope-addressed: the client's subscription is not part of the path.
      const resolved = resolveRoleAssignment(write, principalId);
      const client = new AuthorizationManagementClient(credential, subscriptionOf(write.scope) ?? "", options);
      await client.roleAssignments.create(resolved.scope, resolved.name, resolved.body);
      break;
    }
  }
  const first = sent[0];
  if (!first) throw new Error(`no PUT was sent for ${write.kind}`);
  return first;
}
