import { z } from "zod";
import { armIdPattern, cidrString, patternedString, resourceIdString } from "./schemaHelpers.js";

/** Address space AKS gives the VNet it creates itself when the request brings none. */
export const AKS_MANAGED_VNET_PREFIX = "10.224.0.0/12";

const managed = z
  .strictObject({ kind: z.literal("managed") })
  .describe(`AKS creates and owns the VNet (${AKS_MANAGED_VNET_PREFIX}) in the node resource group; nothing to write.`);

const created = z
  .strictObject({
    kind: z.literal("new"),
    vnetName: patternedString({
      pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/,
      code: "InvalidResourceName",
      message: "VNet names are 2–64 letters, digits, '_', '.' or '-', starting with a letter or digit",
      maxLength: 64,
      description: "VNet name; defaults to {cluster}-vnet.",
    }).optional(),
    addressPrefixes: z
      .array(cidrString("One VNet address range."))
      .min(1)
      .max(16)
      .default([AKS_MANAGED_VNET_PREFIX])
      .describe("VNet address space."),
    subnetName: patternedString({
      pattern: /^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]$/,
      code: "InvalidResourceName",
      message: "subnet names are 1–80 letters, digits, '_', '.' or '-', starting with a letter or digit",
      maxLength: 80,
      description: "Node subnet name.",
    }).default("nodes"),
    subnetPrefix: cidrString("Node subnet range, inside addressPrefixes.").default("10.224.0.0/16"),
  })
  .describe("A new VNet with one node subnet, created in the request's resource group.");

const existing = z
  .strictObject({
    kind: z.literal("existing"),
    subnetId: resourceIdString(
      "a subnet resource id",
      armIdPattern("Microsoft.Network", "virtualNetworks", "subnets"),
      "Resource id of the existing node subnet; the cluster identity gets Network Contributor on it.",
    ),
    addressPrefixes: z
      .array(cidrString("One address range of the existing VNet."))
      .max(16)
      .optional()
      .describe("Address space of the existing VNet, if known, so overlaps are caught at intake."),
  })
  .describe("An existing subnet (bring your own VNet); nothing is written to it.");

/** Where the nodes live: an AKS-managed VNet (default), a new VNet, or an existing subnet. */
export const networkSchema = z
  .discriminatedUnion("kind", [managed, created, existing])
  .default({ kind: "managed" })
  .describe("Node network.");
