import { armErrors } from "../../errors.js";

interface MinorVersion {
  minor: string;
  patches: string[];
  isDefault?: boolean;
  lts?: boolean;
}

/** Kubernetes versions the sandbox offers in every region (oldest first). */
const VERSIONS: MinorVersion[] = [
  { minor: "1.30", patches: ["1.30.6", "1.30.10", "1.30.14"], lts: true },
  { minor: "1.31", patches: ["1.31.2", "1.31.8", "1.31.11"] },
  { minor: "1.32", patches: ["1.32.4", "1.32.7"], isDefault: true },
  { minor: "1.33", patches: ["1.33.0", "1.33.3"] },
];

/**
 * The patch version a requested version runs: `""` → default minor's latest patch, `1.30` → its
 * latest patch, `1.30.6` → itself; anything else answers 400 K8sVersionNotSupported.
 */
export function resolveKubernetesVersion(requested: unknown, location: string): string {
  const text = typeof requested === "string" ? requested.trim() : "";
  const minor =
    text === ""
      ? VERSIONS.find((v) => v.isDefault)
      : VERSIONS.find((v) => v.minor === text || v.patches.includes(text));
  if (!minor) throw armErrors.k8sVersionNotSupported(text, location);
  return minor.patches.includes(text) ? text : (minor.patches[minor.patches.length - 1] as string);
}

/** Versions a cluster at `current` may upgrade to: later patches of its minor and the next minor. */
export function upgradesFrom(current: string): string[] {
  const index = VERSIONS.findIndex((v) => v.patches.includes(current));
  if (index < 0) return [];
  const same = (VERSIONS[index] as MinorVersion).patches.filter((p) => comparePatch(p, current) > 0);
  return [...same, ...(VERSIONS[index + 1]?.patches ?? [])];
}

function comparePatch(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Body of `GET …/locations/{loc}/kubernetesVersions`. */
export function kubernetesVersionsBody(): Record<string, unknown> {
  return {
    values: VERSIONS.map((v) => ({
      version: v.minor,
      ...(v.isDefault ? { isDefault: true } : {}),
      capabilities: { supportPlan: v.lts ? ["KubernetesOfficial", "AKSLongTermSupport"] : ["KubernetesOfficial"] },
      patchVersions: Object.fromEntries(v.patches.map((p) => [p, { upgrades: upgradesFrom(p) }])),
    })),
  };
}

/** Body of `GET …/managedClusters/{name}/upgradeProfiles/default`: both arrays always present. */
export function upgradeProfileBody(
  clusterId: string,
  current: string,
  pools: { name: string; version: string }[],
): Record<string, unknown> {
  return {
    id: `${clusterId}/upgradeProfiles/default`,
    name: "default",
    type: "Microsoft.ContainerService/managedClusters/upgradeprofiles",
    properties: {
      controlPlaneProfile: {
        kubernetesVersion: current,
        osType: "Linux",
        upgrades: upgradesFrom(current).map((kubernetesVersion) => ({ kubernetesVersion })),
      },
      agentPoolProfiles: pools.map((p) => ({
        name: p.name,
        kubernetesVersion: p.version,
        osType: "Linux",
        upgrades: upgradesFrom(p.version).map((kubernetesVersion) => ({ kubernetesVersion })),
      })),
    },
  };
}
