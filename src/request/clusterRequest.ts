import { z } from "zod";
import { approvalSchema } from "./approvalSchema.js";
import { clusterSchema } from "./clusterSchema.js";
import { disksSchema } from "./diskSchema.js";
import { locationSchema } from "./locationSchema.js";
import { networkSchema } from "./networkSchema.js";
import { nodePoolsSchema } from "./nodePoolSchema.js";
import { registrySchema } from "./registrySchema.js";
import { RETAIL_PRICE_CURRENCIES } from "./retailPrices.js";
import { schedulesSchema } from "./scheduleSchema.js";
import { GUID_PATTERN, patternedString, stringMap } from "./schemaHelpers.js";

/** Request ids (ticket numbers): 1–64 letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The whole cluster request: one JSON document (HTTP body or queue message). Shape and per-field rules
 * live here; rules that span fields (CIDR overlaps, pool references...) are in `rules/`.
 */
export const clusterRequestSchema = z
  .strictObject({
    requestId: patternedString({
      pattern: REQUEST_ID_PATTERN,
      code: "InvalidRequestId",
      message: "request ids are 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
      maxLength: 64,
      description:
        "Ticket number; the idempotency key (the same id never provisions twice) and a tag on every resource.",
    }),
    requester: z.string().min(1).max(256).optional().describe("Who asked (e-mail or UPN), for events and audit."),
    subscriptionId: patternedString({
      pattern: GUID_PATTERN,
      code: "InvalidSubscriptionId",
      message: "must be a subscription GUID",
      maxLength: 36,
      description: "Target subscription; defaults to the service's configured subscription.",
    }).optional(),
    resourceGroup: patternedString({
      pattern: /^[-\w.()]{0,89}[-\w()]$/,
      code: "InvalidResourceGroupName",
      message: "resource group names are 1–90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
      maxLength: 90,
      description: "Resource group for the cluster, VNet, registry and disks; created if missing.",
    }),
    location: locationSchema,
    tags: stringMap({
      code: "InvalidTag",
      keyPattern: /^[^<>%&\\?/]{1,512}$/,
      keyMessage: "tag names are 1–512 characters without < > % & \\ ? /",
      keyMaxLength: 512,
      valuePattern: /^[\s\S]{0,256}$/,
      valueMessage: "tag values are at most 256 characters",
      valueMaxLength: 256,
      description:
        "Tags for every resource created, besides aks-provisioner.request-id and aks-provisioner.managed-by.",
    }).default({}),
    cluster: clusterSchema,
    network: networkSchema,
    registry: registrySchema,
    disks: disksSchema,
    nodePools: nodePoolsSchema,
    schedules: schedulesSchema,
    onFailure: z
      .enum(["rollback", "keep"])
      .default("rollback")
      .describe("On failure, delete what this request created (rollback) or leave it for inspection (keep)."),
    ttlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .optional()
      .describe("Delete the cluster this many hours after it is provisioned."),
    approval: approvalSchema.optional(),
    costCurrency: z
      .enum(RETAIL_PRICE_CURRENCIES)
      .optional()
      .describe("Currency of the cost estimate (Azure Retail Prices' currencyCode); defaults to USD."),
  })
  .describe("A request to provision one AKS cluster and what it needs.");

/** A parsed request with every default applied (what `plan()` takes). */
export type ClusterRequest = z.output<typeof clusterRequestSchema>;

/** A request as a client writes it (defaults optional). */
export type ClusterRequestInput = z.input<typeof clusterRequestSchema>;

/** A parsed node pool. */
export type NodePool = ClusterRequest["nodePools"][number];

/** A parsed disk. */
export type DiskRequest = ClusterRequest["disks"][number];

/** A parsed scale schedule. */
export type ScaleSchedule = ClusterRequest["schedules"][number];
