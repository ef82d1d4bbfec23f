import type { VcpuQuota } from "./poolChanges.js";
import type { RequestProblem } from "./problems.js";

/** The body of `POST /api/clusters/{requestId}/upgrade`, as validated. */
export interface UpgradeBody {
  kubernetesVersion: string;
  /** Surge nodes per pool during its upgrade: a node count (`"3"`) or a percentage of the pool (`"33%"`). */
  maxSurge?: string;
}

/** AKS's default surge when a pool names none. */
export const DEFAULT_MAX_SURGE = "10%";

const VERSION = /^\d+\.\d+(\.\d+)?$/;
const SURGE = /^(\d+)(%?)$/;

/** Checks an upgrade body's shape: the body to run with, or every problem. */
export function checkUpgradeBody(
  body: unknown,
): { ok: true; value: UpgradeBody } | { ok: false; problems: RequestProblem[] } {
  if (!body || typeof body !== "object" || Array.isArray(body))
    return {
      ok: false,
      problems: [{ path: "", code: "InvalidType", message: "send an object: { kubernetesVersion, maxSurge? }" }],
    };
  const b = body as Record<string, unknown>;
  const problems: RequestProblem[] = [];
  for (const key of Object.keys(b)) {
    if (key !== "kubernetesVersion" && key !== "maxSurge")
      problems.push({ path: key, code: "UnknownField", message: "an upgrade takes kubernetesVersion and maxSurge" });
  }
  const version = b.kubernetesVersion;
  if (version === undefined) {
    problems.push({ path: "kubernetesVersion", code: "Required", message: "the version to upgrade to is required" });
  } else if (typeof version !== "string" || !VERSION.test(version)) {
    problems.push({
      path: "kubernetesVersion",
      code: "InvalidVersion",
      message: "a Kubernetes version: major.minor.patch (1.33.3) or major.minor (1.33)",
    });
  }
  const surge = b.maxSurge;
  if (surge !== undefined) {
    const text = typeof surge === "number" ? String(surge) : surge;
    const m = typeof text === "string" ? SURGE.exec(text) : null;
    const n = m ? Number(m[1]) : Number.NaN;
    if (!m || n < 1 || (m[2] === "%" && n > 100))
      problems.push({
        path: "maxSurge",
        code: "InvalidMaxSurge",
        message: 'a node count of at least 1 ("2") or a percentage from 1% to 100% ("33%")',
      });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      kubernetesVersion: version as string,
      ...(surge !== undefined ? { maxSurge: String(surge) } : {}),
    },
  };
}

/** Compares two versions numerically (`1.30.10` > `1.30.6`); a missing part counts as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length, 3); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The version an upgrade to `wanted` goes to, checked against the upgrade profile's offered versions:
 * a minor (`1.33`) means its latest offered patch. Same version, a downgrade or a version not offered are
 * problems, naming what is offered.
 */
export function upgradeTarget(
  wanted: string,
  current: string,
  offered: string[],
): { ok: true; version: string } | { ok: false; problem: RequestProblem } {
  const path = "kubernetesVersion";
  const list = offered.length > 0 ? offered.join(", ") : "none";
  const isMinor = wanted.split(".").length === 2;
  const sameMinor = isMinor && current.startsWith(`${wanted}.`);
  if (current === wanted || sameMinor)
    return {
      ok: false,
      problem: {
        path,
        code: "SameVersion",
        message: `the cluster already runs ${current}; upgrades offered: ${list}`,
      },
    };
  if (compareVersions(wanted, current) < 0)
    return {
      ok: false,
      problem: {
        path,
        code: "DowngradeNotAllowed",
        message: `${wanted} is older than ${current}: AKS does not downgrade; upgrades offered: ${list}`,
      },
    };
  const matches = offered.filter((v) => v === wanted || (isMinor && v.startsWith(`${wanted}.`)));
  const version = matches.sort(compareVersions).at(-1);
  if (!version)
    return {
      ok: false,
      problem: {
        path,
        code: "UpgradePathNotOffered",
        message: `${wanted} is not an upgrade path from ${current}; upgrades offered: ${list}`,
      },
    };
  return { ok: true, version };
}

/** The surge nodes a pool of `count` nodes adds during its upgrade: `n`, or ⌈count × n%⌉ (at least 1). */
export function surgeNodes(count: number, maxSurge: string = DEFAULT_MAX_SURGE): number {
  const m = SURGE.exec(maxSurge.trim());
  if (!m) return 1;
  const n = Number(m[1]);
  if (m[2] !== "%") return n;
  return Math.max(1, Math.ceil((count * n) / 100));
}

/** A pool the surge check reads: its size, VM size's family and vCPUs. */
export interface SurgePool {
  name: string;
  count: number;
  family: string;
  vcpusPerNode: number;
}

/**
 * Whether the surge fits the vCPU quota. Pools upgrade one at a time, so the demand is the largest pool's
 * surge per family (and over all families for the regional `cores`). Undefined when it fits, else the problem.
 */
export function surgeQuotaProblem(
  pools: SurgePool[],
  quotas: readonly VcpuQuota[],
  maxSurge: string | undefined,
  location: string,
): RequestProblem | undefined {
  const byFamily = new Map<string, number>();
  let total = 0;
  for (const pool of pools) {
    const vcpus = surgeNodes(pool.count, maxSurge) * pool.vcpusPerNode;
    byFamily.set(pool.family, Math.max(byFamily.get(pool.family) ?? 0, vcpus));
    total = Math.max(total, vcpus);
  }
  const short: string[] = [];
  for (const [family, needed] of [...byFamily.entries(), ["cores", total] as [string, number]]) {
    const quota = quotas.find((q) => q.name.toLowerCase() === family.toLowerCase());
    if (!quota) continue;
    const free = quota.limit - quota.current;
    if (needed > free)
      short.push(`${family} needs ${needed} vCPUs for surge nodes, ${free} free (limit ${quota.limit})`);
  }
  if (short.length === 0) return undefined;
  return {
    path: "maxSurge",
    code: "QuotaExceeded",
    message: `QuotaExceeded in ${location}: ${short.join("; ")}`,
  };
}

/** What the control plane's PUT changes on the live cluster. */
export interface LiveCluster {
  kubernetesVersion?: string;
  agentPoolProfiles?: { name: string; orchestratorVersion?: string; currentOrchestratorVersion?: string }[];
}

/**
 * The managed-cluster PUT body of a control-plane-only upgrade, from the live cluster: only
 * `kubernetesVersion` changes, and every pool names the version it runs (a PUT leaving a pool's
 * `orchestratorVersion` unspecified upgrades that pool with the control plane).
 */
export function controlPlaneUpgradeBody<T extends LiveCluster>(live: T, version: string): T {
  return {
    ...live,
    kubernetesVersion: version,
    ...(live.agentPoolProfiles
      ? {
          agentPoolProfiles: live.agentPoolProfiles.map((p) => ({
            ...p,
            orchestratorVersion: p.currentOrchestratorVersion ?? p.orchestratorVersion,
          })),
        }
      : {}),
  };
}

/** The agent-pool PUT body of a pool's upgrade, from the live pool: its version and surge. */
export function poolUpgradeBody<T extends { upgradeSettings?: { maxSurge?: string } }>(
  live: T,
  version: string,
  maxSurge: string | undefined,
): T & { orchestratorVersion: string; upgradeSettings: NonNullable<T["upgradeSettings"]> & { maxSurge: string } } {
  return {
    ...live,
    orchestratorVersion: version,
    upgradeSettings: {
      ...live.upgradeSettings,
      maxSurge: maxSurge ?? live.upgradeSettings?.maxSurge ?? DEFAULT_MAX_SURGE,
    },
  };
}
