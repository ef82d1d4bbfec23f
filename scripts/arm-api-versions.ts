// Regenerates sandbox/arm/policies/apiVersions.json: the api-versions ARM accepts per resource type.
//
//   npx tsx scripts/arm-api-versions.ts <bicep-types-az checkout or git dir>
//
// Source. The public REST API specifications (Azure/azure-rest-api-specs) keep one folder per
// published version (`specification/<service>/resource-manager/<Namespace>/.../(stable|preview)/<version>/`).
// That repository is too large to fetch here (1.3 GB), so the lists come from Azure/bicep-types-az,
// which Azure regenerates from those specifications: one `generated/<service>/<namespace>/<version>/types.md`
// per spec version, with a `## Resource <type>@<version>` heading per resource type that version defines.
// It covers the resource types; the rules below add what it does not (GET-only and action types,
// versions the specs published after its last regeneration or outside an AutoRest tag), each
// checked against the specs' folders. Git is read at HEAD, so a bare mirror works as well as a clone.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How one type's list is made: from a bicep resource type, like another type, or listed from the specs. */
interface Rule {
  /** The resource type in bicep-types-az whose versions this type has. */
  bicep?: string;
  /** Same versions as this (already computed) type. */
  like?: string;
  /** Versions listed by hand from the specs' folders (for types bicep-types-az does not describe). */
  specs?: string[];
  /** Versions in the specs that bicep-types-az lacks, each with the spec file that proves it. */
  extra?: Record<string, string>;
  /** First stable version that defines the type's path (earlier versions of `like` lack it). */
  since?: string;
  /** First preview version that defines it, when previews got it before `since`. */
  previewSince?: string;
}

const AKS = "specification/containerservice/resource-manager/Microsoft.ContainerService/aks";
const AKS_EXTRA = {
  "2026-06-01": `${AKS}/stable/2026-06-01/managedClusters.json`,
  "2026-06-02-preview": `${AKS}/preview/2026-06-02-preview/managedClusters.json`,
};
const NET_EXTRA = {
  "2026-01-01": "specification/network/resource-manager/Microsoft.Network/stable/2026-01-01/virtualNetwork.json",
};

/** Keyed by ARM resource type; order matters only in that `like` names an earlier key. */
const RULES: Record<string, Rule> = {
  "Microsoft.Resources/resourceGroups": { bicep: "Microsoft.Resources/resourceGroups" },
  // resources.json defines providers and the resource list in every version it defines resource groups.
  "Microsoft.Resources/providers": { like: "Microsoft.Resources/resourceGroups" },
  "Microsoft.Resources/resources": { like: "Microsoft.Resources/resourceGroups" },
  // specification/resources/resource-manager/Microsoft.Resources/subscriptions/stable/<version>/subscriptions.json
  "Microsoft.Resources/subscriptions": {
    specs: [
      "2015-11-01",
      "2016-06-01",
      "2018-06-01",
      "2019-06-01",
      "2019-11-01",
      "2020-01-01",
      "2021-01-01",
      "2022-12-01",
    ],
  },
  "Microsoft.Resources/tenants": { like: "Microsoft.Resources/subscriptions" },

  "Microsoft.Network/virtualNetworks": { bicep: "Microsoft.Network/virtualNetworks", extra: NET_EXTRA },
  "Microsoft.Network/virtualNetworks/subnets": { bicep: "Microsoft.Network/virtualNetworks/subnets", extra: NET_EXTRA },
  // Poll URLs carry the version of the request that started the operation.
  "Microsoft.Network/locations/operations": { like: "Microsoft.Network/virtualNetworks" },
  "Microsoft.Network/locations/operationResults": { like: "Microsoft.Network/virtualNetworks" },

  "Microsoft.ContainerRegistry/registries": {
    bicep: "Microsoft.ContainerRegistry/registries",
    extra: {
      "2016-06-27-preview":
        "specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/preview/2016-06-27-preview/containerregistry.json",
    },
  },
  "Microsoft.ContainerRegistry/registries/replications": {
    bicep: "Microsoft.ContainerRegistry/registries/replications",
  },
  // Registries_CheckNameAvailability is in every version of containerregistry.json.
  "Microsoft.ContainerRegistry/checkNameAvailability": { like: "Microsoft.ContainerRegistry/registries" },
  "Microsoft.ContainerRegistry/registries/operationStatuses": { like: "Microsoft.ContainerRegistry/registries" },

  "Microsoft.Compute/disks": {
    bicep: "Microsoft.Compute/disks",
    extra: { "2020-09-30": "specification/compute/resource-manager/Microsoft.Compute/stable/2020-09-30/disk.json" },
  },
  "Microsoft.Compute/locations/DiskOperations": { like: "Microsoft.Compute/disks" },
  // Usage_List is in every ComputeRP version, the versions that define virtual machines.
  "Microsoft.Compute/locations/usages": { bicep: "Microsoft.Compute/virtualMachines" },
  // specification/compute/resource-manager/Microsoft.Compute/Skus/stable/<version>/skus.json (and stable/2017-09-01/skus.json)
  "Microsoft.Compute/skus": { specs: ["2017-09-01", "2019-04-01", "2021-07-01"] },

  "Microsoft.ContainerService/managedClusters": {
    bicep: "Microsoft.ContainerService/managedClusters",
    extra: AKS_EXTRA,
  },
  "Microsoft.ContainerService/managedClusters/agentPools": {
    bicep: "Microsoft.ContainerService/managedClusters/agentPools",
    extra: AKS_EXTRA,
  },
  "Microsoft.ContainerService/managedClusters/maintenanceConfigurations": {
    bicep: "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
    extra: AKS_EXTRA,
  },
  // ManagedClusters_GetUpgradeProfile is in every managedClusters.json, 2017-08-31 included.
  "Microsoft.ContainerService/managedClusters/upgradeProfiles": { like: "Microsoft.ContainerService/managedClusters" },
  // examples/KubernetesVersions_List.json first appears in stable/2023-03-01 and preview/2023-03-02-preview.
  "Microsoft.ContainerService/locations/kubernetesVersions": {
    like: "Microsoft.ContainerService/managedClusters",
    since: "2023-03-01",
  },
  // examples/ManagedClustersAbortOperation.json and AgentPoolsAbortOperation.json: stable from 2023-01-01,
  // preview from 2022-10-02-preview (2022-11-01 has neither).
  "Microsoft.ContainerService/managedClusters/abort": {
    like: "Microsoft.ContainerService/managedClusters",
    since: "2023-01-01",
    previewSince: "2022-10-02-preview",
  },
  "Microsoft.ContainerService/managedClusters/agentPools/abort": {
    like: "Microsoft.ContainerService/managedClusters/agentPools",
    since: "2023-01-01",
    previewSince: "2022-10-02-preview",
  },
  "Microsoft.ContainerService/locations/operations": { like: "Microsoft.ContainerService/managedClusters" },
  "Microsoft.ContainerService/locations/operationresults": { like: "Microsoft.ContainerService/managedClusters" },

  "Microsoft.Authorization/roleAssignments": { bicep: "Microsoft.Authorization/roleAssignments" },
  "Microsoft.Authorization/roleDefinitions": { bicep: "Microsoft.Authorization/roleDefinitions" },
  "Microsoft.ManagedIdentity/userAssignedIdentities": { bicep: "Microsoft.ManagedIdentity/userAssignedIdentities" },
};

function git(gitDir: string, ...args: string[]): string {
  return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** Every `## Resource <type>@<version>` heading of bicep-types-az's generated types, by lower-case type. */
function bicepVersions(gitDir: string): Map<string, Set<string>> {
  const out = git(gitDir, "grep", "-h", "-o", "-E", "^## Resource [^@ ]+@[^ ]+", "HEAD", "--", "generated/*/types.md");
  const byType = new Map<string, Set<string>>();
  for (const line of out.split("\n")) {
    const match = /^## Resource ([^@ ]+)@(\S+)$/.exec(line.trim());
    if (!match?.[1] || !match[2]) continue;
    const key = match[1].toLowerCase();
    const set = byType.get(key) ?? new Set<string>();
    set.add(match[2]);
    byType.set(key, set);
  }
  return byType;
}

const preview = (v: string) => v.includes("-preview");

/** Applies the rules in order; throws when a rule names a type bicep-types-az does not have. */
function deriveApiVersions(bicep: Map<string, Set<string>>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [type, rule] of Object.entries(RULES)) {
    let versions: string[];
    if (rule.specs) versions = rule.specs;
    else if (rule.like) versions = result[rule.like] ?? [];
    else {
      const found = bicep.get((rule.bicep ?? type).toLowerCase());
      if (!found) throw new Error(`bicep-types-az has no resource type ${rule.bicep}`);
      versions = [...found];
    }
    versions = [...versions, ...Object.keys(rule.extra ?? {})];
    const { since, previewSince } = rule;
    if (since) versions = versions.filter((v) => v >= (preview(v) ? (previewSince ?? since) : since));
    result[type] = [...new Set(versions)].sort();
  }
  return result;
}

function main(): void {
  const arg = process.argv[2];
  if (!arg) throw new Error("usage: tsx scripts/arm-api-versions.ts <bicep-types-az checkout or git dir>");
  const gitDir = existsSync(join(arg, ".git")) ? join(arg, ".git") : arg;
  const commit = git(gitDir, "log", "-1", "--format=%H %cs %s").trim();
  const types = deriveApiVersions(bicepVersions(gitDir));
  const file = join(import.meta.dirname, "..", "sandbox", "arm", "policies", "apiVersions.json");
  const source = `Azure/bicep-types-az ${commit}, plus the rules in scripts/arm-api-versions.ts`;
  writeFileSync(file, `${JSON.stringify({ source, types }, null, 2)}\n`);
  execFileSync("npx", ["biome", "format", "--write", file], { stdio: "inherit" });
  console.log(`${Object.keys(types).length} resource types written to ${file}`);
}

main();
