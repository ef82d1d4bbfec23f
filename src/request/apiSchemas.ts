import { z } from "zod";
import { STAGES } from "./steps.js";

/** A validation problem as the API returns it. */
export const requestProblemSchema = z
  .object({
    path: z.string().describe("Field path such as nodePools[1].name; empty for the whole document."),
    code: z.string().describe("Stable code: an ARM code where ARM has one (see src/request/README.md)."),
    message: z.string(),
  })
  .describe("One thing wrong with the request.");

/** Every error the API answers with, in one shape (ARM's): a code, a message, and for 400 every problem. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe("Stable code, e.g. InvalidRequest, RequestIdInUse, NotFound, UnsupportedMediaType."),
      message: z.string(),
      target: z.string().optional().describe("What the error is about, e.g. the existing run's instance id."),
      details: z.array(requestProblemSchema).optional().describe("Every problem found in the request (400)."),
    }),
  })
  .describe("The request was not accepted.");

/** 202 body of submit. */
export const acceptedResponseSchema = z
  .object({
    requestId: z.string(),
    instanceId: z.string().describe("Durable orchestration instance id (derived from requestId)."),
    statusUrl: z.string().describe("GET it for the status, any time: always 200."),
    operationUrl: z
      .string()
      .describe(
        "The Location: 202 with Retry-After while the run goes on, 200 with the final status when it has ended.",
      ),
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
      "maintenanceConfiguration",
      "roleAssignment",
    ]),
    resourceType: z.string(),
    operation: z.string().describe("SDK operation, e.g. managedClusters.createOrUpdate."),
    resourceId: z.string().optional().describe("Absent for role assignments: their name depends on the principal."),
    scope: z.string().optional().describe("Role assignments only."),
    principalFrom: z
      .enum(["kubeletIdentity", "clusterIdentity", "provisioner"])
      .optional()
      .describe("Role assignments only; provisioner: the app's own identity, read from its token at run time."),
    body: z.record(z.string(), z.unknown()).describe("The SDK model (flattened: no 'properties' wrapper)."),
  })
  .loose();

/** The plan of a request (see `ProvisioningPlan` in src/request/planTypes.ts). */
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
          name: z.enum(["resourceGroup", "dependencies", "cluster", "clusterSettings", "roleAssignments"]),
          branches: z
            .array(
              z.object({
                name: z.string().describe("The step these writes make (see src/request/steps.ts)."),
                writes: z.array(write).describe("Run in order."),
              }),
            )
            .describe("Run in parallel."),
        }),
      )
      .describe("Run in order."),
  })
  .describe("The ARM writes the request would make, in stages.");

/** One check of the dry run's preflight (reads only). */
export const preflightCheckSchema = z.object({
  name: z.enum([
    "registryName",
    "quota",
    "kubernetesVersion",
    "vmSizes",
    "resourceGroup",
    "cluster",
    "existingResources",
    "references",
  ]),
  status: z.enum(["ok", "failed", "warning", "skipped"]),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** 200 body of the dry run: the exact writes, and what Azure says about them before any is made. */
const rangeSchema = z.object({ min: z.number(), max: z.number() });

/** The monthly cost estimate (Azure Retail Prices), or why there is none. */
export const costEstimateSchema = z
  .union([
    z.object({
      currency: z.string().describe("The request's costCurrency, else USD."),
      monthly: rangeSchema.describe("Per month; min–max apart when pools autoscale."),
      lines: z.array(
        z.object({
          name: z.string().describe("pool:<name>, osDisk:<pool>, disk:<name>, registry[:<region>], clusterTier"),
          description: z.string(),
          unitOfMeasure: z.string(),
          quantity: rangeSchema,
          unitPrice: z.number(),
          meterId: z.string().optional(),
          meterName: z.string().optional(),
          monthly: rangeSchema,
        }),
      ),
      unpriced: z.array(z.object({ name: z.string(), reason: z.string() })).describe("Left out of the totals."),
    }),
    z.object({ unavailable: z.literal(true), currency: z.string(), reason: z.string() }),
  ])
  .describe("Estimated monthly cost; `unavailable` (with why) when the price API cannot be read.");

const approvalStatusSchema = z
  .object({
    state: z.enum(["waiting", "granted", "rejected", "expired"]),
    reasons: z.array(z.string()).describe("Why an approval is needed: the request asks, or a setting requires it."),
    requestedAt: z.string(),
    expiresAt: z.string(),
    estimate: costEstimateSchema,
    preflightNotes: z.array(z.string()),
    approver: z.string().optional(),
    comment: z.string().optional(),
    decidedAt: z.string().optional(),
  })
  .describe("The approval gate, when the request needed one.");

/** 202 body of an approval decision. */
export const approvalAcceptedSchema = z
  .object({
    requestId: z.string(),
    instanceId: z.string(),
    verdict: z.enum(["approve", "reject"]),
    approver: z.string(),
    statusUrl: z.string(),
    operationUrl: z.string(),
  })
  .describe("The decision was handed to the waiting provisioning.");

export const dryRunResponseSchema = z
  .object({
    plan: planResponseSchema,
    estimate: costEstimateSchema,
    preflight: z.object({
      ok: z.boolean().describe("No check failed."),
      checks: z.array(preflightCheckSchema),
    }),
  })
  .describe("The ARM writes the request would make, and a preflight that reads Azure without writing.");

const azureErrorSchema = z.object({ code: z.string(), message: z.string(), statusCode: z.number().optional() });

const stepSchema = z.object({
  id: z.string().describe("The step (src/request/steps.ts), e.g. network, disk:data, registryAccess."),
  kind: z.string(),
  stage: z.enum(STAGES),
  state: z.enum(["pending", "running", "waiting", "succeeded", "found", "failed", "skipped"]),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  attempts: z.number().describe("ARM writes sent for the step."),
  resourceId: z.string().optional().describe("Known before the first poll."),
  lastSeen: z.string().optional().describe("The last provisioningState or readiness summary seen."),
  error: azureErrorSchema.optional().describe("Azure's error, word for word."),
});

/** A node pool as the status shows it. */
export const poolSummarySchema = z.object({
  name: z.string(),
  mode: z.enum(["System", "User"]),
  vmSize: z.string(),
  count: z.number(),
  minCount: z.number().optional(),
  maxCount: z.number().optional(),
});

const operationSummarySchema = z.object({
  operationId: z.string(),
  instanceId: z.string(),
  kind: z.string(),
  state: z.enum(["accepted", "running", "succeeded", "failed"]),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  failure: z.object({ step: z.string(), error: azureErrorSchema }).optional(),
});

/** The events a run published, newest kept (the status page's list; the topic has them all). */
const eventLogShape = {
  events: z
    .array(
      z.object({
        type: z.string(),
        time: z.string(),
        messageId: z.string().describe("The Service Bus message id (and CloudEvent id) it was published with."),
        sequence: z.union([z.number(), z.string()]).optional(),
        step: z.string().optional(),
        status: z.string().optional(),
      }),
    )
    .optional()
    .describe("The events this run published, oldest first; only the newest 40 are kept."),
  eventsDropped: z.number().optional().describe("How many older events were left out of events."),
  eventDelivery: z
    .object({
      pending: z.number().describe("Events queued and not yet taken by the topic."),
      since: z.string().describe("When the first failed delivery of them was."),
      attempts: z.number().describe("Failed deliveries since then."),
      lastError: z.object({ code: z.string(), message: z.string() }),
      retryAt: z.string().optional().describe("When the next delivery is tried; absent once the run gave up."),
      undelivered: z
        .number()
        .optional()
        .describe("Events given up on: refused for good, or undeliverable when the run's window ended."),
    })
    .optional()
    .describe(
      "Present while events wait for Service Bus (unreachable): the run goes on and delivers them in order later.",
    ),
};

/** 200 body of the status endpoint (and of the operation URL once the run has ended). */
export const statusResponseSchema = z
  .object({
    requestId: z.string(),
    instanceId: z.string(),
    state: z.enum([
      "accepted",
      "awaitingApproval",
      "running",
      "succeeded",
      "failed",
      "rolledBack",
      "rejected",
      "expired",
    ]),
    createdTime: z.string().optional(),
    lastUpdatedTime: z.string().optional(),
    resourceGroupFound: z
      .boolean()
      .optional()
      .describe("The resource group existed before: used as it is, never deleted."),
    steps: z.array(stepSchema),
    outputs: z
      .object({
        clusterId: z.string(),
        fqdn: z.string().optional(),
        nodeResourceGroup: z.string(),
        kubeletIdentityObjectId: z.string().optional(),
        registryLoginServer: z.string().optional(),
        diskIds: z.array(z.string()),
        pools: z.array(poolSummarySchema.extend({ readyNodes: z.number() })),
        kubernetesVersion: z.string(),
      })
      .optional()
      .describe("When succeeded. Never a kubeconfig, key or token."),
    failure: z.object({ step: z.string(), error: azureErrorSchema }).optional(),
    rollback: z
      .object({
        deletedResourceIds: z.array(z.string()),
        failures: z.array(z.object({ resourceId: z.string(), error: azureErrorSchema })),
        keptResourceIds: z.array(z.string()),
      })
      .optional(),
    approval: approvalStatusSchema.optional(),
    operations: z
      .array(operationSummarySchema)
      .optional()
      .describe("The day-2 operations on the cluster, newest first."),
    pools: z
      .array(poolSummarySchema)
      .optional()
      .describe(
        "The cluster's node pools as the last scale or pool add/remove left them (ARM's word then); absent before any.",
      ),
    ...eventLogShape,
    links: z.object({ status: z.string(), operation: z.string() }),
  })
  .describe("Where a provisioning stands.");

/** 202 body of a day-2 operation's start. */
export const operationAcceptedSchema = z
  .object({
    requestId: z.string(),
    operationId: z.string(),
    kind: z.string(),
    instanceId: z.string(),
    statusUrl: z.string().describe("The cluster's status (GET /api/clusters/{requestId})."),
    operationUrl: z.string().describe("The Location: 202 while it runs, 200 with its final status."),
  })
  .describe("Accepted; the operation runs in the background, alone on its cluster.");

/** Body of the operation URL. */
export const operationStatusSchema = z
  .object({
    operationId: z.string(),
    requestId: z.string(),
    kind: z.string(),
    instanceId: z.string(),
    state: z.enum(["accepted", "running", "succeeded", "failed"]),
    steps: z.array(stepSchema).optional(),
    failure: z.object({ step: z.string(), error: azureErrorSchema }).optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    startedAt: z.string().optional(),
    endedAt: z.string().optional(),
    ...eventLogShape,
  })
  .loose()
  .describe("Where a day-2 operation stands.");
