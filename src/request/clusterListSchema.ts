import { z } from "zod";
import { poolSummarySchema } from "./apiSchemas.js";
import { CLUSTER_STATES, type ClusterRow } from "./clusterRow.js";
import { scheduleSchema } from "./scheduleSchema.js";

const OPERATION_KINDS = [
  "provision",
  "deprovision",
  "scale",
  "poolAdd",
  "poolRemove",
  "stop",
  "start",
  "upgrade",
] as const;
const clusterState = z.enum(CLUSTER_STATES);

/** A registry row as `GET /api/clusters` shows it (the `ClusterRow`, with its status link). */
export const clusterRowSchema = z
  .object({
    requestId: z.string(),
    owner: z.string().optional().describe("The request's requester."),
    subscriptionId: z.string(),
    resourceGroup: z.string(),
    clusterName: z.string(),
    location: z.string(),
    specHash: z.string().describe("Hash of the provisioned request (what an idempotent re-submit is compared with)."),
    state: clusterState.describe(
      "provisioning, provisioned, failed (kept after a failure), rolledBack, stopped, deleting or deleted; a failed day-2 operation leaves the state it found.",
    ),
    resourceIds: z.object({
      cluster: z.string(),
      virtualNetwork: z.string().optional(),
      subnet: z.string().optional(),
      registry: z.string().optional(),
      disks: z.array(z.string()),
    }),
    schedules: z.array(scheduleSchema),
    ttlHours: z.number().optional(),
    expiresAt: z.string().optional().describe("provisionedAt + ttlHours."),
    provisionedAt: z.string().optional(),
    pools: z.array(poolSummarySchema).optional().describe("As the last run that knew them left them."),
    provisionInstanceId: z.string(),
    lastOperation: z
      .object({
        kind: z.enum(OPERATION_KINDS),
        operationId: z.string().optional(),
        instanceId: z.string(),
        state: z.enum(["running", "succeeded", "failed"]),
        startedAt: z.string(),
        endedAt: z.string().optional(),
        fromState: clusterState.describe("The state it found (where a failure leaves the cluster)."),
      })
      .optional(),
    updatedAt: z.string().describe("The orchestration time of the newest fact recorded."),
    links: z.object({ status: z.string() }),
  })
  .describe("One cluster of the registry.");

/** 200 body of `GET /api/clusters`. */
export const clusterListSchema = z
  .object({
    value: z.array(clusterRowSchema),
    nextLink: z
      .string()
      .optional()
      .describe("The next page (the same query and a continuation token); absent on the last."),
  })
  .describe("One page of the registry.");

// The documented row is the stored one: a field added to ClusterRow and not here does not compile.
type Documented = Omit<z.output<typeof clusterRowSchema>, "links">;
export type RowIsDocumented = [ClusterRow] extends [Documented]
  ? [Documented] extends [ClusterRow]
    ? true
    : never
  : never;
const _rowIsDocumented: RowIsDocumented = true;
void _rowIsDocumented;
