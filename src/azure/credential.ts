import type { TokenCredential } from "@azure/identity";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import type { AppConfig } from "../config.js";

/**
 * The app's identity: a user-assigned managed identity when its client id is configured, otherwise
 * DefaultAzureCredential (system-assigned identity on Azure; the sandbox's identity endpoint locally).
 */
export function createCredential(arm: AppConfig["arm"]): TokenCredential {
  return arm.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: arm.managedIdentityClientId })
    : new DefaultAzureCredential();
}
