import { z } from "zod";
import { armIdPattern, patternedString, resourceIdString } from "./schemaHelpers.js";

/** A Log Analytics workspace id (Container Insights, Defender). */
export function workspaceIdString(description: string) {
  return resourceIdString(
    "a Log Analytics workspace resource id",
    armIdPattern("Microsoft.OperationalInsights", "workspaces"),
    description,
  );
}

/** Cluster add-ons, each written only when asked for (`addonProfiles`). */
export const addonsSchema = z
  .strictObject({
    monitoring: z
      .strictObject({
        logAnalyticsWorkspaceId: workspaceIdString("The workspace Container Insights sends logs and metrics to."),
      })
      .optional()
      .describe("Container Insights (addonProfiles.omsagent, Entra-authenticated as the Azure CLI writes it)."),
    azurePolicy: z.boolean().default(false).describe("Azure Policy for Kubernetes (addonProfiles.azurepolicy)."),
    keyVaultSecretsProvider: z
      .strictObject({
        secretRotation: z.boolean().default(false).describe("Poll Key Vault and update mounted secrets."),
        rotationPollInterval: patternedString({
          pattern: /^[1-9]\d{0,3}[smh]$/,
          code: "InvalidParameter",
          message: "must be a duration such as 2m, 30s or 1h",
          maxLength: 5,
          description: "How often rotation polls (AKS's default 2m); needs secretRotation.",
        }).optional(),
      })
      .optional()
      .describe("The Secrets Store CSI driver for Key Vault (addonProfiles.azureKeyvaultSecretsProvider)."),
  })
  .describe("Add-ons; each is enabled only when named here.");
