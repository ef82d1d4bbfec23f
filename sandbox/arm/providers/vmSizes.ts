import { armErrors } from "../errors.js";

/** One VM size as Compute describes it: the quota family its vCPUs count against, and its shape. */
export interface VmSize {
  /** `Standard_D4s_v5`. */
  name: string;
  /** Quota family, spelled as usages and skus spell it (`standardDSv5Family`). */
  family: string;
  vcpus: number;
  memoryGB: number;
  /** Zones it is offered in (regions with zones only); defaults to 1, 2 and 3. */
  zones?: string[];
}

/**
 * The sizes the sandbox offers: usages, skus and AKS quota checks all read this one table, so
 * what a dry run reads is what a PUT is held to. Families and shapes are Azure's.
 */
const SIZES: [name: string, family: string, vcpus: number, memoryGB: number][] = [
  ["Standard_B2s", "standardBSFamily", 2, 4],
  ["Standard_B2ms", "standardBSFamily", 2, 8],
  ["Standard_B4ms", "standardBSFamily", 4, 16],
  ["Standard_B8ms", "standardBSFamily", 8, 32],
  ["Standard_DS2_v2", "standardDSv2Family", 2, 7],
  ["Standard_DS3_v2", "standardDSv2Family", 4, 14],
  ["Standard_DS4_v2", "standardDSv2Family", 8, 28],
  ["Standard_D2s_v3", "standardDSv3Family", 2, 8],
  ["Standard_D4s_v3", "standardDSv3Family", 4, 16],
  ["Standard_D8s_v3", "standardDSv3Family", 8, 32],
  ["Standard_D16s_v3", "standardDSv3Family", 16, 64],
  ["Standard_D2s_v4", "standardDSv4Family", 2, 8],
  ["Standard_D4s_v4", "standardDSv4Family", 4, 16],
  ["Standard_D8s_v4", "standardDSv4Family", 8, 32],
  ["Standard_D2_v5", "standardDv5Family", 2, 8],
  ["Standard_D4_v5", "standardDv5Family", 4, 16],
  ["Standard_D8_v5", "standardDv5Family", 8, 32],
  ["Standard_D2s_v5", "standardDSv5Family", 2, 8],
  ["Standard_D4s_v5", "standardDSv5Family", 4, 16],
  ["Standard_D8s_v5", "standardDSv5Family", 8, 32],
  ["Standard_D16s_v5", "standardDSv5Family", 16, 64],
  ["Standard_D32s_v5", "standardDSv5Family", 32, 128],
  ["Standard_D64s_v5", "standardDSv5Family", 64, 256],
  ["Standard_D2ds_v5", "standardDDSv5Family", 2, 8],
  ["Standard_D4ds_v5", "standardDDSv5Family", 4, 16],
  ["Standard_D8ds_v5", "standardDDSv5Family", 8, 32],
  ["Standard_D16ds_v5", "standardDDSv5Family", 16, 64],
  ["Standard_D2as_v5", "standardDASv5Family", 2, 8],
  ["Standard_D4as_v5", "standardDASv5Family", 4, 16],
  ["Standard_D8as_v5", "standardDASv5Family", 8, 32],
  ["Standard_D16as_v5", "standardDASv5Family", 16, 64],
  ["Standard_D2ads_v5", "standardDADSv5Family", 2, 8],
  ["Standard_D4ads_v5", "standardDADSv5Family", 4, 16],
  ["Standard_D8ads_v5", "standardDADSv5Family", 8, 32],
  ["Standard_E2s_v5", "standardESv5Family", 2, 16],
  ["Standard_E4s_v5", "standardESv5Family", 4, 32],
  ["Standard_E8s_v5", "standardESv5Family", 8, 64],
  ["Standard_E16s_v5", "standardESv5Family", 16, 128],
  ["Standard_E4ds_v5", "standardEDSv5Family", 4, 32],
  ["Standard_E8ds_v5", "standardEDSv5Family", 8, 64],
  ["Standard_E16ds_v5", "standardEDSv5Family", 16, 128],
  ["Standard_F2s_v2", "standardFSv2Family", 2, 4],
  ["Standard_F4s_v2", "standardFSv2Family", 4, 8],
  ["Standard_F8s_v2", "standardFSv2Family", 8, 16],
  ["Standard_F16s_v2", "standardFSv2Family", 16, 32],
  ["Standard_L8s_v3", "standardLSv3Family", 8, 64],
  ["Standard_NC6s_v3", "standardNCSv3Family", 6, 112],
  ["Standard_NC4as_T4_v3", "standardNCASv3_T4Family", 4, 28],
  ["Standard_NC8as_T4_v3", "standardNCASv3_T4Family", 8, 56],
];

/** Every size the sandbox lists in skus, in table order. */
export const VM_SIZES: readonly VmSize[] = SIZES.map(([name, family, vcpus, memoryGB]) => ({
  name,
  family,
  vcpus,
  memoryGB,
}));

const BY_NAME = new Map(VM_SIZES.map((size) => [size.name.toLowerCase(), size]));

/** The VM size AKS picks when a pool leaves `vmSize` empty. */
export const DEFAULT_VM_SIZE = "Standard_DS2_v2";

/** Families whose default limit is 0, as on a new subscription: GPUs need a quota request first. */
export function isGpuFamily(family: string): boolean {
  return /^standardN[CDV]/i.test(family);
}

/** The size as the table has it, or undefined. */
export function findVmSize(name: string): VmSize | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * The size a pool asks for: from the table, else derived from a `Standard_<series><n><features>_v<k>`
 * name (vCPUs `n`, family `standard<SERIES><FEATURES>v<k>Family`, the rule behind Azure's own names);
 * anything else answers 400 InvalidParameter (target vmSize) as AKS does.
 */
export function vmSizeOf(name: string, location = "eastus"): VmSize {
  const known = findVmSize(name);
  if (known) return known;
  const match = /^Standard_([A-Z]+)(\d+)([a-z]*)(?:_(v\d+))?$/i.exec(name);
  if (!match) {
    throw armErrors.invalidParameter(
      "vmSize",
      `The VM size of ${name} is not allowed in your subscription in location '${location}'.`,
    );
  }
  const [, series = "", vcpus = "0", features = "", version = ""] = match;
  const family = `standard${series.toUpperCase()}${features.toUpperCase()}${version}Family`;
  return { name, family, vcpus: Number(vcpus), memoryGB: Number(vcpus) * 4 };
}

/** vCPUs of a VM size (400 InvalidParameter for a name that is no size shape). */
export function vcpusOf(vmSize: string): number {
  return vmSizeOf(vmSize).vcpus;
}

/** `localizedValue` of a family's usage entry: `standardDSv5Family` → `Standard DSv5 Family vCPUs`. */
export function familyDisplayName(family: string): string {
  return `Standard ${family.replace(/^standard/i, "").replace(/Family$/, "")} Family vCPUs`;
}
