import { z } from "zod";

/** A validation problem as the API returns it. */
export const requestProblemSchema = z
  .object({
    path: z.string().describe("Field path such as nodePools[1].name; empty for the whole document."),
    code: z.string().describe("Stable code: an ARM code where ARM has one (see src/request/README.md)."),
    message: z.string(),
  })
  .describe("One thing wrong with the request.");

/** 400 body: every problem found. */
export const problemsResponseSchema = z
  .object({ errors: z.array(requestProblemSchema) })
  .describe("The request was rejected; every problem found is listed.");

/** 202 body of submit and delete. */
export const acceptedResponseSchema = z
  .object({
    requestId: z.string(),
    instanceId: z.string().describe("Durable orchestration instance id (derived from requestId)."),
    statusUrl: z.string().describe("Where to poll: GET /api/clusters/{requestId}."),
  })
  .describe("Accepted; work continues in the background.");

const write = z
  .object({
    kind: z.enum([
      "resourceGroup",
      "virtualNetwork",
      "registry",
      "replication",
      "disk",
      "managedCluster",
      "roleAssignment",
    ]),
    resourceType: z.string(),
    operation: z.string().describe("SDK operation, e.g. managedClusters.createOrUpdate."),
    resourceId: z.string().optional().describe("Absent for role assignments: their name depends on the principal."),
    scope: z.string().optional().describe("Role assignments only."),
    principalFrom: z.enum(["kubeletIdentity", "clusterIdentity"]).optional().describe("Role assignments only."),
    body: z.record(z.string(), z.unknown()).describe("The SDK model (flattened: no 'properties' wrapper)."),
  })
  .loose();

/** 200 body of the dry run (see `ProvisioningPlan` in src/request/planTypes.ts). */
export const planResponseSchema = z
  .object({
    requestId: z.string(),
    subscriptionId: z.string(),
    resourceGroup: z.string(),
    location: z.string(),
    clusterName: z.string(),
    clusterId: z.string(),
    nodeResourceGroup: z.string(),
    dnsPrefix: z.string(),
    tags: z.record(z.string(), z.string()),
    references: z.object({
      subnetId: z.string().optional(),
      registryId: z.string().optional(),
      diskIds: z.array(z.string()),
    }),
    stages: z
      .array(
        z.object({
          name: z.enum(["resourceGroup", "dependencies", "cluster", "roleAssignments"]),
          branches: z
            .array(z.object({ name: z.string(), writes: z.array(write).describe("Run in order.") }))
            .describe("Run in parallel."),
        }),
      )
      .describe("Run in order."),
  })
  .describe("The ARM writes the request would make, in stages.");

/** 200 body of the status endpoint. */
export const statusResponseSchema = z
  .object({
    requestId: z.string(),
    instanceId: z.string(),
    runtimeStatus: z
      .enum(["Pending", "Running", "Completed", "Failed", "Terminated", "Suspended", "ContinuedAsNew"])
      .describe("Durable Functions runtime status."),
    step: z.string().optional().describe("Current or failed step, e.g. cluster."),
    createdTime: z.string().optional(),
    lastUpdatedTime: z.string().optional(),
    output: z.unknown().optional().describe("Result (cluster id, FQDN...) when Completed; Azure's error when Failed."),
  })
  .loose()
  .describe("Where a provisioning stands.");
