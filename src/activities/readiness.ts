import { ApiException, CoreV1Api, Health, type V1Node, VersionApi } from "@kubernetes/client-node";
import type { ArmFailure } from "../azure/armErrors.js";
import type { ResourceTarget } from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall } from "./errors.js";
import { accessProblem, type KubeAccess, kubeAccess } from "./kubeAccess.js";

/** What one pool must show in Kubernetes before the cluster counts as ready. */
export interface ExpectedPool {
  name: string;
  /** Ready nodes needed: the pool's count (for an autoscaled pool, its minimum). */
  nodes: number;
  labels: Record<string, string>;
  /** `key=value:Effect` as AKS takes them. */
  taints: string[];
}

/** One pool as Kubernetes shows it. */
export interface PoolReadiness {
  name: string;
  readyNodes: number;
  expectedNodes: number;
  /** Labels or taints the pool's nodes lack. */
  missing: string[];
}

/** One look at the cluster from inside. */
export type ReadinessOutcome =
  | { outcome: "checked"; ready: boolean; apiServerReady: boolean; pools: PoolReadiness[]; summary: string }
  | { outcome: "failed"; error: ArmFailure };

// Taints AKS and Kubernetes put on nodes while they come up: not the pool's own.
const TRANSIENT_TAINT = /^node\.(kubernetes\.io|cloudprovider\.kubernetes\.io)\//;

/**
 * The readiness activity: the user kubeconfig from `listClusterUserCredentials`, used here and dropped (never
 * returned or logged), to ask the API server for `/readyz` and the nodes: each pool needs its expected number
 * of Ready nodes, carrying its labels and taints. A managed-Entra cluster's kubeconfig is a kubelogin exec entry:
 * the activity then sends the app's own Entra token for the AKS server application (`kubeAccess.ts`). A 401 or
 * 403 becomes a not-ready summary naming the access the identity lacks.
 */
export function readinessActivities(clients: ClientsFor) {
  return {
    async checkReadiness(input: { target: ResourceTarget; pools: ExpectedPool[] }): Promise<ReadinessOutcome> {
      const { target, pools } = input;
      const creds = await armCall(() =>
        clients(target.subscriptionId).containerService.managedClusters.listClusterUserCredentials(
          target.resourceGroup,
          target.name,
        ),
      );
      if (!creds.ok) return { outcome: "failed", error: creds.error };
      const kubeconfig = creds.value.kubeconfigs?.[0]?.value;
      if (!kubeconfig) return notReady(pools, "no user kubeconfig yet");
      let access: KubeAccess;
      try {
        access = await kubeAccess(Buffer.from(kubeconfig).toString("utf8"), clients(target.subscriptionId).credential);
      } catch (e) {
        return notReady(pools, `no Entra token for the API server: ${errorText(e)}`);
      }
      let apiServerReady = false;
      try {
        apiServerReady = await new Health(access.kc).readyz({ timeout: 10_000 });
      } catch {
        // Unreachable or not ready yet: the same answer, look again later.
      }
      if (!apiServerReady) return notReady(pools, await whyNotReady(access));
      let nodes: V1Node[];
      try {
        nodes = (await access.kc.makeApiClient(CoreV1Api).listNode()).items;
      } catch (e) {
        const problem = e instanceof ApiException ? accessProblem(e.code, access.via, "list nodes") : undefined;
        return notReady(pools, problem ?? `listing nodes failed: ${errorText(e)}`, true);
      }
      const seen = pools.map((pool) => poolReadiness(pool, nodes));
      const ready = seen.every((p) => p.readyNodes >= p.expectedNodes && p.missing.length === 0);
      return { outcome: "checked", ready, apiServerReady, pools: seen, summary: summarise(seen) };
    },
  };
}

// Health answers only true/false: `/version`, open to any authenticated caller, tells a refused identity from a
// control plane still starting.
async function whyNotReady(access: KubeAccess): Promise<string> {
  try {
    await access.kc.makeApiClient(VersionApi).getCode();
  } catch (e) {
    const problem = e instanceof ApiException ? accessProblem(e.code, access.via, "read the API server") : undefined;
    if (problem) return problem;
  }
  return "API server /readyz not ok";
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.slice(0, 200) : String(e);
}

function poolReadiness(pool: ExpectedPool, nodes: V1Node[]): PoolReadiness {
  const mine = nodes.filter(
    (n) => (n.metadata?.labels?.agentpool ?? n.metadata?.labels?.["kubernetes.azure.com/agentpool"]) === pool.name,
  );
  const ready = mine.filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
  const missing = new Set<string>();
  for (const node of ready) {
    const labels = node.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(pool.labels)) if (labels[k] !== v) missing.add(`label ${k}=${v}`);
    const taints = new Set(
      (node.spec?.taints ?? [])
        .filter((t) => !TRANSIENT_TAINT.test(t.key))
        .map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`),
    );
    for (const taint of pool.taints) if (!taints.has(taint)) missing.add(`taint ${taint}`);
  }
  return { name: pool.name, readyNodes: ready.length, expectedNodes: pool.nodes, missing: [...missing] };
}

function summarise(pools: PoolReadiness[]): string {
  return pools
    .map(
      (p) =>
        `${p.name} ${p.readyNodes}/${p.expectedNodes} Ready${p.missing.length ? ` (missing ${p.missing.join(", ")})` : ""}`,
    )
    .join("; ");
}

function notReady(pools: ExpectedPool[], why: string, apiServerReady = false): ReadinessOutcome {
  return {
    outcome: "checked",
    ready: false,
    apiServerReady,
    pools: pools.map((p) => ({ name: p.name, readyNodes: 0, expectedNodes: p.nodes, missing: [] })),
    summary: why,
  };
}
