import type { ManagedClusterAddonProfile } from "@azure/arm-containerservice";
import type { ClusterRequest } from "./clusterRequest.js";

/**
 * The `addonProfiles` of the add-ons a request names, under the keys and config names AKS reads; undefined when it
 * names none. Container Insights is the `omsagent` add-on with Entra authentication, as `az aks enable-addons -a
 * monitoring` writes it (`azureMonitorProfile` holds managed Prometheus metrics, another product).
 */
export function addonProfiles(
  addons: ClusterRequest["cluster"]["addons"],
): Record<string, ManagedClusterAddonProfile> | undefined {
  if (!addons) return undefined;
  const profiles: Record<string, ManagedClusterAddonProfile> = {};
  if (addons.monitoring) {
    profiles.omsagent = {
      enabled: true,
      config: { logAnalyticsWorkspaceResourceID: addons.monitoring.logAnalyticsWorkspaceId, useAADAuth: "true" },
    };
  }
  if (addons.azurePolicy) profiles.azurepolicy = { enabled: true };
  const vault = addons.keyVaultSecretsProvider;
  if (vault) {
    profiles.azureKeyvaultSecretsProvider = {
      enabled: true,
      config: {
        enableSecretRotation: String(vault.secretRotation),
        ...(vault.rotationPollInterval ? { rotationPollInterval: vault.rotationPollInterval } : {}),
      },
    };
  }
  return Object.keys(profiles).length > 0 ? profiles : undefined;
}
