import { z } from "zod";
import { GUID_PATTERN, patternedString } from "./schemaHelpers.js";

/** A Microsoft Entra object or tenant id, reported as `InvalidParameter` as ARM does. */
function guidString(description: string) {
  return patternedString({
    pattern: GUID_PATTERN,
    code: "InvalidParameter",
    message: "must be a GUID",
    maxLength: 36,
    description,
  });
}

/**
 * Managed Microsoft Entra integration (`aadProfile.managed`): users sign in with Entra ID, and Kubernetes
 * authorization is Kubernetes RBAC for the admin groups, or Azure RBAC role assignments when `azureRbac` is on.
 */
export const entraSchema = z
  .strictObject({
    azureRbac: z
      .boolean()
      .default(false)
      .describe(
        "Authorize Kubernetes requests with Azure RBAC role assignments (aadProfile.enableAzureRbac). The provisioner then assigns itself Azure Kubernetes Service RBAC Admin on the cluster to check its nodes.",
      ),
    adminGroupObjectIds: z
      .array(guidString("Object id of an Entra group whose members are cluster admins."))
      .max(50)
      .default([])
      .describe(
        "Entra groups whose members are cluster admins (aadProfile.adminGroupObjectIDs). Without azureRbac and with local accounts disabled, the provisioner's identity must be in one of them to check readiness.",
      ),
    tenantId: guidString(
      "Entra tenant that signs users in; omitted means the tenant of the cluster's subscription.",
    ).optional(),
  })
  .describe("Managed Microsoft Entra integration (aadProfile.managed); present means on.");
