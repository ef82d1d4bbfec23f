import { z } from "zod";
import { patternedString } from "./schemaHelpers.js";

/** Zone names the schema accepts for pools and disks. */
export const ZONES = ["1", "2", "3"] as const;

/** One managed data disk, created in the request's resource group; the cluster identity gets Contributor on it. */
export const diskSchema = z.strictObject({
  name: patternedString({
    pattern: /^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]$/,
    code: "InvalidResourceName",
    message: "disk names are 1–80 letters, digits, '_', '.' or '-', starting with a letter or digit",
    maxLength: 80,
    description: "Disk name, unique within the request.",
  }),
  sizeGb: z.number().int().min(1).max(32767).describe("Size in GiB."),
  sku: z
    .enum([
      "Standard_LRS",
      "StandardSSD_LRS",
      "Premium_LRS",
      "PremiumV2_LRS",
      "UltraSSD_LRS",
      "StandardSSD_ZRS",
      "Premium_ZRS",
    ])
    .default("StandardSSD_LRS")
    .describe("Disk SKU; ZRS SKUs cannot be pinned to a zone."),
  zone: z.enum(ZONES).optional().describe("Availability zone to pin the disk to."),
});

/** The request's data disks (default none). */
export const disksSchema = z.array(diskSchema).max(32).default([]).describe("Managed data disks.");
