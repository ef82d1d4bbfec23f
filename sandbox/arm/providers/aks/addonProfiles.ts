import { armErrors } from "../../errors.js";
import type { ArmServices } from "../../services.js";
import { props } from "../common.js";
import { identityResource } from "../managedIdentity.js";

/** Add-ons AKS runs under a user-assigned identity of their own, created in the node resource group. */
const WITH_IDENTITY: Record<string, string> = {
  omsagent: "omsagent",
  azurepolicy: "azurepolicy",
  azurekeyvaultsecretsprovider: "azurekeyvaultsecretsprovider",
};

const WORKSPACE_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i;
const POLL_INTERVAL = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** One add-on as ARM carries it. */
export type Addon = { enabled?: unknown; config?: Record<string, string> | null; identity?: unknown };

/** `addonProfiles` by add-on name (`omsagent`, `azurepolicy`, `azureKeyvaultSecretsProvider`, …). */
export type AddonProfiles = Record<string, Addon>;

/** Where the add-ons' identities go: the cluster's node resource group. */
export interface AddonContext {
  subscriptionId: string;
  nodeResourceGroup: string;
  clusterName: string;
  location: string;
}

/**
 * `addonProfiles` as AKS keeps them, validated before anything is written: each enabled add-on's config with
 * AKS's defaults (the Key Vault provider's rotation settings, Container Insights' default workspace).
 */
export function addonProfiles(given: unknown, at: AddonContext): AddonProfiles | undefined {
  if (given === undefined || given === null) return undefined;
  const out: AddonProfiles = {};
  for (const [name, value] of Object.entries(given as Record<string, Addon>)) {
    const { identity: _serverFilled, ...addon } = value;
    out[name] = {
      ...addon,
      config: value.enabled === true ? addonConfig(name, value.config ?? {}, at) : (value.config ?? null),
    };
  }
  return out;
}

/**
 * The add-ons as AKS answers them: those that run under an identity of their own get `identity {resourceId,
 * clientId, objectId}` of a user-assigned identity `{addon}-{cluster}` in the node resource group (created on
 * first use, kept while enabled).
 */
export function withAddonIdentities(
  services: ArmServices,
  addons: AddonProfiles | undefined,
  at: AddonContext,
): AddonProfiles | undefined {
  if (!addons) return undefined;
  return Object.fromEntries(
    Object.entries(addons).map(([name, addon]) => {
      const identityName = WITH_IDENTITY[name.toLowerCase()];
      if (addon.enabled !== true || !identityName) return [name, addon];
      return [name, { ...addon, identity: addonIdentity(services, `${identityName}-${at.clusterName}`, at) }];
    }),
  );
}

function addonConfig(name: string, config: Record<string, string>, at: AddonContext): Record<string, string> | null {
  const key = name.toLowerCase();
  if (key === "omsagent") {
    const workspace =
      config.logAnalyticsWorkspaceResourceID ??
      `/subscriptions/${at.subscriptionId}/resourceGroups/DefaultResourceGroup-${at.location}/providers/Microsoft.OperationalInsights/workspaces/DefaultWorkspace-${at.subscriptionId}-${at.location}`;
    if (!WORKSPACE_ID.test(workspace))
      throw armErrors.invalidParameter(
        "addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID",
        `The value of parameter addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID is invalid. Error details: '${workspace}' is not a Log Analytics workspace resource id.`,
      );
    return { ...config, logAnalyticsWorkspaceResourceID: workspace };
  }
  if (key === "azurekeyvaultsecretsprovider") {
    const rotation = config.enableSecretRotation ?? "false";
    const interval = config.rotationPollInterval ?? "2m";
    if (rotation !== "true" && rotation !== "false")
      throw armErrors.invalidParameter(
        "addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation",
        `The value of parameter enableSecretRotation is invalid. Error details: must be "true" or "false", got ${JSON.stringify(rotation)}.`,
      );
    if (!POLL_INTERVAL.test(interval))
      throw armErrors.invalidParameter(
        "addonProfiles.azureKeyvaultSecretsProvider.config.rotationPollInterval",
        `The value of parameter rotationPollInterval is invalid. Error details: ${JSON.stringify(interval)} is not a duration such as "2m".`,
      );
    return { ...config, enableSecretRotation: rotation, rotationPollInterval: interval };
  }
  return Object.keys(config).length ? config : null;
}

function addonIdentity(services: ArmServices, name: string, at: AddonContext) {
  const candidate = identityResource({
    subscriptionId: at.subscriptionId,
    resourceGroup: at.nodeResourceGroup,
    name,
    location: at.location,
    tenantId: services.identity.tenantId,
  });
  let found = services.store.getResource(candidate.id);
  if (!found) {
    services.store.putResource(candidate);
    found = candidate;
  }
  const p = props(found.body);
  return { resourceId: found.id, clientId: String(p.clientId), objectId: String(p.principalId) };
}
