import { z } from "zod";
import { locationSchema } from "./locationSchema.js";
import { armIdPattern, patternedString, resourceIdString } from "./schemaHelpers.js";

const none = z.strictObject({ kind: z.literal("none") }).describe("No registry.");

const created = z
  .strictObject({
    kind: z.literal("new"),
    name: patternedString({
      pattern: /^[a-zA-Z0-9]{5,50}$/,
      code: "InvalidRegistryName",
      message: "registry names are 5–50 letters and digits, globally unique",
      maxLength: 50,
      description: "Registry name (login server {name}.azurecr.io), globally unique.",
    }),
    sku: z.enum(["Basic", "Standard", "Premium"]).default("Basic").describe("Registry SKU; geo-replicas need Premium."),
    geoReplicas: z
      .array(locationSchema)
      .max(20)
      .default([])
      .describe("Extra regions to replicate to (Premium only), not the home region."),
  })
  .describe("A new registry in the request's resource group; the kubelet identity gets AcrPull.");

const existing = z
  .strictObject({
    kind: z.literal("existing"),
    id: resourceIdString(
      "a container registry resource id",
      armIdPattern("Microsoft.ContainerRegistry", "registries"),
      "Resource id of the registry to attach; the kubelet identity gets AcrPull on it.",
    ),
  })
  .describe("Attach an existing registry (AcrPull only, no other write).");

/** Container registry: none (default), a new one, or an existing one to attach. */
export const registrySchema = z
  .discriminatedUnion("kind", [none, created, existing])
  .default({ kind: "none" })
  .describe("Container registry.");
