import { armErrors } from "../../errors.js";
import { type AddonContext, type AddonProfiles, addonProfiles } from "./addonProfiles.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPGRADE_CHANNELS = ["none", "patch", "stable", "rapid", "node-image"];
const NODE_OS_CHANNELS = ["None", "Unmanaged", "NodeImage", "SecurityPatch"];

type Props = Record<string, unknown>;

/**
 * `aadProfile` as AKS keeps it. Managed Entra integration: admin group ids must be GUIDs and the tenant
 * defaults to the subscription's; Azure RBAC needs managed Entra. Legacy (non-managed) integration with
 * `serverAppID`/`clientAppID` is kept as given (its secret is write-only, `writeOnly.ts`).
 */
export function entraProfile(given: unknown, tenantId: string): Props | undefined {
  if (given === undefined || given === null) return undefined;
  const aad = given as Props;
  if (aad.managed !== true) {
    if (aad.enableAzureRBAC === true)
      throw armErrors.badRequest(
        "Azure RBAC for Kubernetes authorization can only be enabled on a cluster with AKS-managed Azure AD integration (aadProfile.managed). For more information, please check https://aka.ms/aks/azure-rbac",
      );
    return aad;
  }
  const groups = (aad.adminGroupObjectIDs as unknown[] | null | undefined) ?? [];
  for (const [i, group] of groups.entries()) {
    if (typeof group !== "string" || !GUID.test(group))
      throw armErrors.invalidParameter(
        `aadProfile.adminGroupObjectIDs[${i}]`,
        `The value of parameter aadProfile.adminGroupObjectIDs is invalid. Error details: '${String(group)}' is not a valid object id (GUID).`,
      );
  }
  if (aad.tenantID !== undefined && aad.tenantID !== "" && !GUID.test(String(aad.tenantID)))
    throw armErrors.invalidParameter(
      "aadProfile.tenantID",
      `The value of parameter aadProfile.tenantID is invalid. Error details: '${String(aad.tenantID)}' is not a valid tenant id (GUID).`,
    );
  return {
    ...aad,
    managed: true,
    enableAzureRBAC: aad.enableAzureRBAC === true,
    adminGroupObjectIDs: groups,
    tenantID: aad.tenantID || tenantId,
  };
}

/** Since Kubernetes 1.25 AKS refuses `disableLocalAccounts` unless the cluster has managed Entra integration. */
export function checkLocalAccounts(disableLocalAccounts: unknown, aad: Props | undefined): void {
  if (disableLocalAccounts === true && aad?.managed !== true)
    throw armErrors.badRequest(
      "Since kubernetes version 1.25, disableLocalAccounts can only be set on Azure AD integration enabled cluster. Please integrate your cluster with AAD.",
    );
}

/** `autoUpgradeProfile`: each channel one of AKS's values (400 BadRequest otherwise, AKS's wording). */
export function autoUpgradeProfile(given: unknown): Props | undefined {
  if (given === undefined || given === null) return undefined;
  const profile = given as Props;
  const channel = profile.upgradeChannel;
  if (channel !== undefined && channel !== null && !UPGRADE_CHANNELS.includes(String(channel)))
    throw armErrors.badRequest(
      `Auto Upgrade Channel ${String(channel)} is invalid. For more information, please check https://aka.ms/aks-auto-upgrade`,
    );
  const nodeOs = profile.nodeOSUpgradeChannel;
  if (nodeOs !== undefined && nodeOs !== null && !NODE_OS_CHANNELS.includes(String(nodeOs)))
    throw armErrors.badRequest(
      `Node OS Upgrade Channel ${String(nodeOs)} is invalid. For more information, please check https://aka.ms/aks/node-os-upgrade`,
    );
  return profile;
}

/** `securityProfile`: image cleaner's interval within AKS's 24–2160 hours (default 168); the rest as given. */
export function securityProfile(given: unknown): Props | undefined {
  if (given === undefined || given === null) return undefined;
  const profile = given as Props;
  const cleaner = profile.imageCleaner as Props | undefined;
  if (!cleaner) return profile;
  const hours = cleaner.intervalHours ?? 168;
  if (typeof hours !== "number" || !Number.isInteger(hours) || hours < 24 || hours > 2160)
    throw armErrors.invalidParameter(
      "securityProfile.imageCleaner.intervalHours",
      `The value of parameter securityProfile.imageCleaner.intervalHours is invalid. Error details: must be between 24 and 2160 hours, got ${JSON.stringify(cleaner.intervalHours)}.`,
    );
  return { ...profile, imageCleaner: { ...cleaner, intervalHours: hours } };
}

/** The production-profile fields of a cluster body, as AKS stores them. */
export interface ClusterProfiles {
  aadProfile?: Props | undefined;
  autoUpgradeProfile?: Props | undefined;
  securityProfile?: Props | undefined;
  addonProfiles?: AddonProfiles | undefined;
}

/**
 * The production-profile fields of a cluster write (`aadProfile`, `disableLocalAccounts`, `autoUpgradeProfile`,
 * `securityProfile`, `addonProfiles`), validated as AKS does before anything is written; only those set are
 * returned, over the stored ones.
 */
export function clusterProfiles(given: Props, tenantId: string, at: AddonContext): ClusterProfiles {
  const aadProfile = entraProfile(given.aadProfile, tenantId);
  checkLocalAccounts(given.disableLocalAccounts, aadProfile);
  const out: ClusterProfiles = {
    aadProfile,
    autoUpgradeProfile: autoUpgradeProfile(given.autoUpgradeProfile),
    securityProfile: securityProfile(given.securityProfile),
    addonProfiles: addonProfiles(given.addonProfiles, at),
  };
  for (const key of Object.keys(out) as (keyof ClusterProfiles)[]) if (out[key] === undefined) delete out[key];
  return out;
}
