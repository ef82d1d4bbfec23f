import { z } from "zod";
import { addonsSchema, workspaceIdString } from "./addonsSchema.js";
import { isIpv4Address } from "./cidr.js";
import { entraSchema } from "./entraSchema.js";
import { maintenanceWindowsSchema } from "./maintenanceSchema.js";
import {
  armIdPattern,
  checkedString,
  cidrString,
  MAX_STRING_LENGTH,
  patternedString,
  quote,
  resourceIdString,
} from "./schemaHelpers.js";

/**
 * Networking models a request can ask for, in the request's own words; `networkModelToArm` maps each to
 * ARM's `networkPlugin` + `networkPluginMode`.
 */
export const NETWORK_MODELS = ["azure-overlay", "azure", "kubenet"] as const;

/** One of `NETWORK_MODELS`. */
export type NetworkModel = (typeof NETWORK_MODELS)[number];

/** The cluster itself: everything that ends up in the `managedClusters` PUT except the node pools. */
export const clusterSchema = z.strictObject({
  name: patternedString({
    pattern: /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/,
    code: "InvalidClusterName",
    message: "cluster names are 1–63 letters, digits, '-' or '_', starting and ending with a letter or digit",
    maxLength: 63,
    description: "Managed cluster name, unique within the resource group.",
  }),
  kubernetesVersion: patternedString({
    pattern: /^\d{1,3}\.\d{1,3}(\.\d{1,3})?$/,
    code: "InvalidParameter",
    message: "must be <major>.<minor> or <major>.<minor>.<patch>, e.g. 1.30",
    maxLength: 11,
    description: "Kubernetes version (1.30 picks the latest GA patch). Omitted means the region's default.",
  }).optional(),
  dnsPrefix: patternedString({
    pattern: /^[a-zA-Z0-9]$|^[a-zA-Z0-9][a-zA-Z0-9-]{0,52}[a-zA-Z0-9]$/,
    code: "InvalidParameter",
    message:
      "DNS prefix must contain between 1 and 54 letters, digits or hyphens, starting and ending with a letter or digit",
    maxLength: 54,
    description:
      "DNS prefix of the API server FQDN; cannot change after creation. Defaults to {name[:10]}-{resourceGroup[:16]}-{subscription[:6]}.",
  }).optional(),
  skuTier: z.enum(["Free", "Standard", "Premium"]).default("Free").describe("Control-plane SKU tier (uptime SLA)."),
  networkPlugin: z
    .enum(NETWORK_MODELS)
    .default("azure-overlay")
    .describe(
      "azure-overlay: Azure CNI overlay (pods from podCidr); azure: Azure CNI, pods take subnet IPs; kubenet: basic networking with route tables.",
    ),
  networkPolicy: z
    .enum(["none", "azure", "calico", "cilium"])
    .optional()
    .describe("Network policy engine; azure and cilium need Azure CNI, cilium also sets the cilium dataplane."),
  podCidr: cidrString(
    "Pod address range for azure-overlay and kubenet (default 10.244.0.0/16); not allowed with azure.",
  ).optional(),
  serviceCidr: cidrString("Kubernetes service address range; must not overlap the VNet or podCidr.").default(
    "10.0.0.0/16",
  ),
  dnsServiceIP: checkedString({
    maxLength: MAX_STRING_LENGTH,
    code: "InvalidParameter",
    problem: (ip) => (isIpv4Address(ip) ? undefined : `'${quote(ip)}': must be an IPv4 address`),
  })
    .meta({
      pattern: "^\\d{1,3}(\\.\\d{1,3}){3}$",
      maxLength: 15,
      description:
        "Cluster DNS service IP, inside serviceCidr and not its first address. Defaults to the 10th address.",
    })
    .optional(),
  outboundType: z
    .enum(["loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway"])
    .default("loadBalancer")
    .describe("Egress method; userDefinedRouting and userAssignedNATGateway need an existing subnet."),
  loadBalancerSku: z
    .enum(["standard", "basic"])
    .default("standard")
    .describe("Load balancer SKU; basic supports a single pool and no zones."),
  privateCluster: z.boolean().default(false).describe("API server reachable only inside the VNet."),
  authorizedIpRanges: z
    .array(cidrString("A range allowed to reach the API server, e.g. 203.0.113.0/24."))
    .max(200)
    .optional()
    .describe("Ranges allowed to reach a public API server; not allowed with privateCluster."),
  oidcIssuer: z.boolean().default(false).describe("Enable the OIDC issuer (needed by workloadIdentity)."),
  workloadIdentity: z.boolean().default(false).describe("Enable Microsoft Entra Workload ID; needs oidcIssuer."),
  entra: entraSchema.optional(),
  disableLocalAccounts: z
    .boolean()
    .default(false)
    .describe(
      "No local accounts: no admin kubeconfig, every user signs in with Entra ID (disableLocalAccounts); needs entra.",
    ),
  upgradeChannel: z
    .enum(["none", "patch", "stable", "rapid", "node-image"])
    .optional()
    .describe("Kubernetes auto-upgrade channel (autoUpgradeProfile.upgradeChannel); omitted means AKS's none."),
  nodeOSUpgradeChannel: z
    .enum(["None", "Unmanaged", "NodeImage", "SecurityPatch"])
    .optional()
    .describe(
      "How node OS images are updated (autoUpgradeProfile.nodeOSUpgradeChannel); omitted means AKS's NodeImage.",
    ),
  maintenanceWindows: maintenanceWindowsSchema.optional(),
  addons: addonsSchema.optional(),
  defender: z
    .strictObject({
      logAnalyticsWorkspaceId: workspaceIdString("The workspace Microsoft Defender for Containers reports to."),
    })
    .optional()
    .describe("Microsoft Defender for Containers (securityProfile.defender with security monitoring)."),
  imageCleaner: z
    .strictObject({
      intervalHours: z
        .number()
        .int()
        .min(24)
        .max(2160)
        .default(168)
        .describe("How often unused images are removed: 24 to 2160 hours, default 168 (a week)."),
    })
    .optional()
    .describe("Image Cleaner: removes unused, vulnerable images from nodes (securityProfile.imageCleaner)."),
  identityType: z
    .enum(["SystemAssigned", "UserAssigned"])
    .default("SystemAssigned")
    .describe("Control-plane identity; UserAssigned needs userAssignedIdentityId."),
  userAssignedIdentityId: resourceIdString(
    "a user-assigned identity resource id",
    armIdPattern("Microsoft.ManagedIdentity", "userAssignedIdentities"),
    "Resource id of the user-assigned control-plane identity (identityType UserAssigned only).",
  ).optional(),
});
