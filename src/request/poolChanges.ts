import type { AgentPool } from "@azure/arm-containerservice";
import { z } from "zod";
import { agentPoolProfile } from "./clusterBody.js";
import type { ClusterRequest } from "./clusterRequest.js";
import { compact } from "./compact.js";
import { nodePoolSchema } from "./nodePoolSchema.js";
import type { ProvisioningPlan } from "./planTypes.js";
import { formatPath, problemsFromZod, type RequestProblem } from "./problems.js";
import type { NodePoolSummary } from "./provisionStatus.js";
import { networkRules } from "./rules/networkRules.js";
import { poolRules } from "./rules/poolRules.js";

/** What a body check answers: the body to run with, or every problem. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: RequestProblem[] };

/** One pool's change in a scale body: a node count, or autoscale bounds. */
export type ScaleTarget = number | { min: number; max: number };

/** The validated body of `POST …/scale`. */
export interface ScaleBody {
  pools: Record<string, ScaleTarget>;
}

const count = z.number().int().min(0).max(1000);
/** The scale body's shape (the OpenAPI document shows it). */
export const scaleBodySchema = z.strictObject({
  pools: z
    .record(
      z.string(),
      z.union([
        count.describe("Node count (pools without autoscaling)."),
        z
          .strictObject({ min: count, max: z.number().int().min(1).max(1000) })
          .describe("Autoscale bounds; raising min above the current count scales to it now."),
      ]),
    )
    .describe("Pool name → count or autoscale bounds."),
});

/**
 * Checks a scale body against the cluster's live pools: every pool named must exist (`UnknownAgentPool`, at the
 * pool's path), a count for an autoscaled pool is refused (the autoscaler owns it: give `{min, max}`), System pools
 * keep at least one node, `min ≤ max`.
 */
export function checkScaleBody(body: unknown, pools: readonly NodePoolSummary[]): Checked<ScaleBody> {
  const parsed = scaleBodySchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues, body) };
  const problems: RequestProblem[] = [];
  const entries = Object.entries(parsed.data.pools);
  if (entries.length === 0) problems.push({ path: "pools", code: "Required", message: "name at least one pool" });
  for (const [name, target] of entries) {
    const at = formatPath(["pools", name]);
    const pool = pools.find((p) => p.name === name);
    if (!pool) {
      const known = pools.map((p) => p.name).join(", ");
      problems.push({
        path: at,
        code: "UnknownAgentPool",
        message: `'${name}' is not a pool of this cluster (${known})`,
      });
      continue;
    }
    const autoscaled = pool.minCount !== undefined && pool.maxCount !== undefined;
    if (typeof target === "number") {
      if (autoscaled)
        problems.push({
          path: at,
          code: "InvalidParameter",
          message: `'${name}' autoscales (${pool.minCount}–${pool.maxCount}); the autoscaler owns its count: give {min, max}`,
        });
      if (pool.mode === "System" && target < 1)
        problems.push({ path: at, code: "InvalidParameter", message: "System pools need at least 1 node" });
    } else {
      if (target.min > target.max)
        problems.push({
          path: `${at}.min`,
          code: "InvalidParameter",
          message: `autoscale min ${target.min} is above max ${target.max}`,
        });
      if (pool.mode === "System" && target.min < 1)
        problems.push({
          path: `${at}.min`,
          code: "InvalidParameter",
          message: "System pools need autoscale min of at least 1",
        });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data };
}

// Fields of an agent pool's GET that AKS fills itself: never sent back.
const READ_ONLY = [
  "id",
  "name",
  "type",
  "provisioningState",
  "currentOrchestratorVersion",
  "nodeImageVersion",
  "eTag",
  "etag",
  "systemData",
] as const;

/** The live pool as a PUT body: everything it has, less what AKS fills itself. */
export function poolPutBase(live: AgentPool): AgentPool {
  const body: Record<string, unknown> = { ...live };
  for (const key of READ_ONLY) delete body[key];
  return compact(body) as AgentPool;
}

/**
 * The agent-pool PUT bodies that take the live pool to `target`, in order, each built from the live pool (only
 * `count`, or `enableAutoScaling`/`minCount`/`maxCount`, change). With autoscaling on, `count` is never sent: the
 * autoscaler owns it. When the new bounds leave the current count outside them (min raised above it, max lowered
 * below it), the pool is first scaled to the nearest bound with autoscaling off (the only write that names a count),
 * then autoscaling is turned on with the bounds: AKS keeps a count it is not told, and refuses bounds it is outside.
 * A pool that already is what the target asks needs no write.
 */
export function scaleWrites(live: AgentPool, target: ScaleTarget): AgentPool[] {
  const base = poolPutBase(live);
  const current = live.count ?? 0;
  if (isApplied(live, target)) return [];
  if (typeof target === "number") {
    const { minCount: _min, maxCount: _max, ...fixed } = base;
    return [{ ...fixed, enableAutoScaling: false, count: target }];
  }
  const { count: _count, minCount: _min, maxCount: _max, ...rest } = base;
  const autoscaled: AgentPool = { ...rest, enableAutoScaling: true, minCount: target.min, maxCount: target.max };
  const clamped = countAfter(current, target);
  if (clamped === current) return [autoscaled];
  return [{ ...rest, enableAutoScaling: false, count: clamped }, autoscaled];
}

/** Whether the live pool is already what `target` asks: nothing to write. */
export function isApplied(live: AgentPool, target: ScaleTarget): boolean {
  if (typeof target === "number") return !live.enableAutoScaling && live.count === target;
  return live.enableAutoScaling === true && live.minCount === target.min && live.maxCount === target.max;
}

/** The count a pool ends at once `target` is applied to a pool now at `current`. */
export function countAfter(current: number, target: ScaleTarget): number {
  return typeof target === "number" ? target : Math.min(Math.max(current, target.min), target.max);
}

/** The validated body of `POST …/pools`: the pool's name, its PUT body and its summary. */
export interface PoolAddBody {
  name: string;
  body: AgentPool;
  summary: NodePoolSummary;
  /** What its nodes must show in Kubernetes once Ready. */
  labels: Record<string, string>;
  taints: string[];
}

// The name a pool with an invalid name is checked under for its other problems.
const PLACEHOLDER = "placeholder0";

/** What a VM size is in the region: its family and vCPUs, and the zones it is offered in. */
export interface VmSizeOffer {
  name: string;
  family: string;
  vcpus: number;
  zones: string[];
}

/** A regional vCPU quota (a family's, or `cores`: Total Regional vCPUs). */
export interface VcpuQuota {
  name: string;
  limit: number;
  current: number;
}

/** What Azure offers the subscription in the cluster's region (read by intake). */
export interface ComputeCapacity {
  sizes: VmSizeOffer[];
  quotas: VcpuQuota[];
}

/**
 * Checks a new pool with the request's own rules: the pool schema (name, VM size pattern, counts), the pool rules
 * (unique name among the live pools, System pool rules, autoscale range, maxPods, spot, Windows), the subnet's
 * capacity with every pool at full scale, then the region: VM size offered (and in its zones), vCPU quota for the
 * pool at full scale plus one surge node. Every problem, paths relative to the body.
 */
export function checkPoolAddBody(
  body: unknown,
  request: ClusterRequest,
  plan: ProvisioningPlan,
  live: readonly NodePoolSummary[],
  capacity: ComputeCapacity,
): Checked<PoolAddBody> {
  const parsed = nodePoolSchema.safeParse(body);
  let shapeProblems: RequestProblem[] = [];
  let input: z.output<typeof nodePoolSchema>;
  if (parsed.success) input = parsed.data;
  else {
    // Every problem, not only the shape's: check the rest of the pool as if the fields in error were left out
    // (a wrong name as a placeholder), so a bad name does not hide an unknown VM size or the quota.
    shapeProblems = problemsFromZod(parsed.error.issues, body);
    if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, problems: shapeProblems };
    const bad = new Set(shapeProblems.map((p) => p.path.split(/[.[]/)[0] ?? ""));
    const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !bad.has(k)));
    const retried = nodePoolSchema.safeParse({
      ...rest,
      ...(bad.has("name") || !("name" in rest) ? { name: PLACEHOLDER } : {}),
    });
    if (!retried.success) return { ok: false, problems: shapeProblems };
    input = retried.data;
  }
  const pool = { ...input, mode: input.mode ?? "User", count: input.count ?? input.autoscale?.min ?? 1 } as const;
  // The cluster as it is (live pools, with the request's details where it has them), then with the new pool.
  const existing = live.map((p) => {
    const asked = request.nodePools.find((r) => r.name === p.name);
    return {
      ...(asked ?? { osType: "Linux" as const, spot: false }),
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      count: p.count,
      ...(p.minCount !== undefined && p.maxCount !== undefined
        ? { autoscale: { min: p.minCount, max: p.maxCount } }
        : { autoscale: undefined }),
    };
  }) as ClusterRequest["nodePools"];
  const before: ClusterRequest = { ...request, nodePools: existing };
  const after: ClusterRequest = { ...request, nodePools: [...existing, pool] };
  const index = existing.length;
  const seen = new Set([...poolRules(before), ...networkRules(before)].map((p) => `${p.path}|${p.code}`));
  const prefix = `nodePools[${index}]`;
  const problems = [...poolRules(after), ...networkRules(after)]
    .filter((p) => !seen.has(`${p.path}|${p.code}`))
    .map((p) => ({
      ...p,
      path: p.path === prefix ? "" : p.path.startsWith(`${prefix}.`) ? p.path.slice(prefix.length + 1) : p.path,
    }));
  problems.push(...capacityProblems(pool, capacity, plan.location));
  if (shapeProblems.length > 0) {
    const reported = new Set(shapeProblems.map((p) => p.path.split(/[.[]/)[0] ?? ""));
    const others = problems.filter((p) => !reported.has(p.path.split(/[.[]/)[0] ?? ""));
    return { ok: false, problems: [...shapeProblems, ...others] };
  }
  if (problems.length > 0) return { ok: false, problems };
  const profile = agentPoolProfile(after, pool, {
    tags: plan.tags,
    ...(plan.references.subnetId ? { subnetId: plan.references.subnetId } : {}),
  });
  const { name: _name, ...agentPool } = profile;
  return {
    ok: true,
    value: {
      name: pool.name,
      body: agentPool,
      summary: compact({
        name: pool.name,
        mode: pool.mode,
        vmSize: pool.vmSize,
        count: pool.count,
        minCount: pool.autoscale?.min,
        maxCount: pool.autoscale?.max,
      }),
      labels: pool.labels ?? {},
      taints: pool.taints ?? [],
    },
  };
}

function capacityProblems(
  pool: { vmSize: string; zones?: string[] | undefined; count: number; autoscale?: { max: number } | undefined },
  capacity: ComputeCapacity,
  location: string,
): RequestProblem[] {
  const size = capacity.sizes.find((s) => s.name.toLowerCase() === pool.vmSize.toLowerCase());
  if (!size)
    return [{ path: "vmSize", code: "VMSizeNotSupported", message: `${pool.vmSize} is not offered in ${location}` }];
  const problems: RequestProblem[] = [];
  const missing = (pool.zones ?? []).filter((z) => !size.zones.includes(z));
  if (missing.length > 0)
    problems.push({
      path: "zones",
      code: "AvailabilityZoneNotSupported",
      message: `${pool.vmSize} is not offered in zone(s) ${missing.join(", ")} of ${location}`,
    });
  const needed = size.vcpus * ((pool.autoscale?.max ?? pool.count) + 1);
  for (const quotaName of [size.family, "cores"]) {
    const quota = capacity.quotas.find((q) => q.name.toLowerCase() === quotaName.toLowerCase());
    if (!quota) continue;
    const free = quota.limit - quota.current;
    if (needed > free)
      problems.push({
        path: pool.autoscale ? "autoscale.max" : "count",
        code: "QuotaExceeded",
        message: `${quotaName} in ${location} needs ${needed} vCPUs at full scale plus one surge node, ${free} free (limit ${quota.limit}, in use ${quota.current})`,
      });
  }
  return problems;
}

/** Checks the removal of `name`: it must be a live pool (else undefined: 404), and never the last System pool. */
export function checkPoolRemove(name: string, live: readonly NodePoolSummary[]): Checked<{ name: string }> | undefined {
  const pool = live.find((p) => p.name === name);
  if (!pool) return undefined;
  if (pool.mode === "System" && !live.some((p) => p.name !== name && p.mode === "System"))
    return {
      ok: false,
      problems: [
        {
          path: "pool",
          code: "MustDefineAtLeastOneSystemPool",
          message: `'${name}' is the cluster's last System pool; add another System pool before removing it`,
        },
      ],
    };
  return { ok: true, value: { name } };
}
