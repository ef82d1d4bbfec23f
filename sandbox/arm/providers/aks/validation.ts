import { armErrors } from "../../errors.js";
import { DEFAULT_VM_SIZE } from "../vmSizes.js";

const CLUSTER_NAME = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
const DNS_PREFIX = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$/;
const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

/** A pool as the sandbox keeps it: the wire `properties` of an agent pool. */
export type PoolProperties = Record<string, unknown> & { count?: number; vmSize?: string; mode?: string };

/** 400 InvalidParameter unless the cluster name follows AKS's rule (docs/specs/arm.md §5). */
export function validateClusterName(name: string): void {
  if (!CLUSTER_NAME.test(name)) {
    throw armErrors.invalidParameter(
      "resourceName",
      `The value of parameter resourceName is invalid. Error details: Managed cluster name '${name}' is invalid. It must be 1-63 characters of letters, digits, '-' and '_', starting and ending with a letter or digit. Please see https://aka.ms/aks-naming-rules for more details.`,
    );
  }
}

/** 400 InvalidParameter (target dnsPrefix) with AKS's wording. */
export function validateDnsPrefix(dnsPrefix: unknown): string {
  const text = typeof dnsPrefix === "string" ? dnsPrefix : "";
  if (!DNS_PREFIX.test(text)) {
    throw armErrors.invalidParameter(
      "dnsPrefix",
      `The value of parameter dnsPrefix is invalid. Error details: DNS prefix '${text}' is invalid. DNS prefix must contain between 1 and 54 characters. Please see https://aka.ms/aks-naming-rules for more details.`,
    );
  }
  return text;
}

/** Validates one pool (name, count/autoscale range, mode, maxPods, zones) and fills AKS defaults. */
export function normalizePool(name: string, input: Record<string, unknown>, target: string): PoolProperties {
  const osType = String(input.osType ?? "Linux");
  const maxNameLength = osType === "Windows" ? 6 : 12;
  if (!POOL_NAME.test(name) || name.length > maxNameLength) {
    throw armErrors.invalidParameter(
      `${target}.name`,
      `The value of parameter agentPoolProfile.name is invalid. Error details: Agent pool name '${name}' must start with a lowercase letter, contain only lowercase letters and numbers, and be at most ${maxNameLength} characters long for ${osType} pools. Please see https://aka.ms/aks-naming-rules for more details.`,
    );
  }
  const mode = String(input.mode ?? "User");
  if (mode !== "System" && mode !== "User" && mode !== "Gateway") {
    throw armErrors.invalidParameter(
      `${target}.mode`,
      `The value of parameter agentPoolProfile.mode is invalid: '${mode}'.`,
    );
  }
  const count = input.count === undefined ? (mode === "System" ? 1 : 0) : Number(input.count);
  const min = mode === "System" ? 1 : 0;
  if (!Number.isInteger(count) || count < min || count > 1000) {
    throw armErrors.invalidParameter(
      `${target}.count`,
      `The value of parameter agentPoolProfile.count is invalid. Error details: count must be between ${min} and 1000 for ${mode} pools, got ${String(input.count)}.`,
    );
  }
  const autoscale = input.enableAutoScaling === true;
  if (autoscale) {
    const minCount = Number(input.minCount);
    const maxCount = Number(input.maxCount);
    if (
      !Number.isInteger(minCount) ||
      !Number.isInteger(maxCount) ||
      minCount > count ||
      count > maxCount ||
      minCount < min
    ) {
      throw armErrors.invalidParameter(
        `${target}.count`,
        `The value of parameter agentPoolProfile.count is invalid. Error details: with autoscaling, minCount (${String(input.minCount)}) <= count (${count}) <= maxCount (${String(input.maxCount)}) is required.`,
      );
    }
  }
  const maxPods = input.maxPods === undefined || input.maxPods === 0 ? 110 : Number(input.maxPods);
  if (!Number.isInteger(maxPods) || maxPods < 10 || maxPods > 250) {
    throw armErrors.invalidParameter(
      `${target}.maxPods`,
      `The value of parameter agentPoolProfile.maxPods is invalid. Error details: maxPods must be between 10 and 250, got ${String(input.maxPods)}.`,
    );
  }
  // Whether the size exists and is offered is the region's business (offerCheck), which names the region.
  const vmSize = typeof input.vmSize === "string" && input.vmSize !== "" ? input.vmSize : DEFAULT_VM_SIZE;
  const zones = input.availabilityZones as unknown[] | undefined;
  if (zones?.some((z) => !["1", "2", "3"].includes(String(z)))) {
    throw armErrors.invalidParameter(
      `${target}.availabilityZones`,
      `The value of parameter agentPoolProfile.availabilityZones is invalid: zones must be '1', '2' or '3', got ${JSON.stringify(zones)}.`,
    );
  }
  // AKS adds the spot taint and label itself, and fills the eviction defaults.
  const spot = input.scaleSetPriority === "Spot";
  const taints = (input.nodeTaints as string[] | undefined) ?? [];
  const spotTaint = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";
  const spotFields = spot
    ? {
        scaleSetEvictionPolicy: input.scaleSetEvictionPolicy ?? "Delete",
        spotMaxPrice: input.spotMaxPrice ?? -1,
        nodeTaints: taints.includes(spotTaint) ? taints : [...taints, spotTaint],
        nodeLabels: {
          ...(input.nodeLabels as Record<string, string> | undefined),
          "kubernetes.azure.com/scalesetpriority": "spot",
        },
      }
    : {};
  const osDiskSizeGB = typeof input.osDiskSizeGB === "number" && input.osDiskSizeGB > 0 ? input.osDiskSizeGB : 128;
  return {
    ...input,
    count,
    vmSize,
    mode,
    osType,
    maxPods,
    osDiskSizeGB,
    osDiskType: input.osDiskType ?? "Managed",
    kubeletDiskType: input.kubeletDiskType ?? "OS",
    type: input.type ?? "VirtualMachineScaleSets",
    enableAutoScaling: autoscale,
    scaleDownMode: input.scaleDownMode ?? "Delete",
    osSKU: input.osSKU ?? "Ubuntu",
    upgradeSettings: input.upgradeSettings ?? { maxSurge: "10%" },
    enableFIPS: input.enableFIPS ?? false,
    enableNodePublicIP: input.enableNodePublicIP ?? false,
    nodeImageVersion: "AKSUbuntu-2204gen2containerd-202410.15.0",
    ...spotFields,
  };
}

/** 400 MustDefineAtLeastOneSystemPool / duplicate names. */
export function validatePoolSet(pools: { name: string; mode?: unknown }[]): void {
  const names = new Set<string>();
  for (const pool of pools) {
    if (names.has(pool.name))
      throw armErrors.invalidParameter(
        "agentPoolProfiles",
        `Agent pool names must be unique; '${pool.name}' appears more than once.`,
      );
    names.add(pool.name);
  }
  if (!pools.some((p) => p.mode === "System")) throw armErrors.mustDefineSystemPool();
}
