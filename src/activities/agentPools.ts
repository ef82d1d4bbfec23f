import type { AgentPool } from "@azure/arm-containerservice";
import type { ArmFailure } from "../azure/armErrors.js";
import type { NodePoolSummary, ResourceTarget } from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall, getOrUndefined } from "./errors.js";
import type { StartOutcome } from "./outcomes.js";

/** A cluster's pool addressed by name. */
export interface PoolAddress {
  /** The cluster. */
  target: ResourceTarget;
  pool: string;
}

/** A pool as ARM shows it: the GET's body (what a PUT is built from) and its summary. */
export interface LivePool {
  pool: AgentPool;
  summary: NodePoolSummary;
}

/** The summary of a pool's GET. */
export function summaryOf(p: AgentPool & { name?: string }): NodePoolSummary {
  return {
    name: p.name ?? "",
    mode: p.mode === "System" ? "System" : "User",
    vmSize: p.vmSize ?? "",
    count: p.count ?? 0,
    ...(p.enableAutoScaling ? { minCount: p.minCount, maxCount: p.maxCount } : {}),
  };
}

/** The agent-pool activities: read one pool or all, PUT one (count, bounds, a new pool), DELETE one. */
export function agentPoolActivities(clients: ClientsFor) {
  const pools = (t: ResourceTarget) => clients(t.subscriptionId).containerService.agentPools;
  return {
    /** One pool's GET, as it is now (a PUT's body is built from it, never from the plan). */
    async readAgentPool(
      input: PoolAddress,
    ): Promise<{ found: true; live: LivePool } | { found: false; error?: ArmFailure }> {
      const { target, pool } = input;
      const read = await getOrUndefined(() => pools(target).get(target.resourceGroup, target.name, pool));
      if (!read.ok) return { found: false, error: read.error };
      if (!read.value) return { found: false };
      const live = JSON.parse(JSON.stringify(read.value)) as AgentPool & { name?: string };
      return { found: true, live: { pool: live, summary: summaryOf(live) } };
    },

    /** Every pool of the cluster, as it is now (intake's check of a body; the operation's result). */
    async readAgentPools(
      target: ResourceTarget,
    ): Promise<{ found: true; pools: NodePoolSummary[] } | { found: false; error?: ArmFailure }> {
      const read = await getOrUndefined(async () => {
        const out: NodePoolSummary[] = [];
        for await (const p of pools(target).list(target.resourceGroup, target.name)) out.push(summaryOf(p));
        return out;
      });
      if (!read.ok) return { found: false, error: read.error };
      if (!read.value) return { found: false };
      return { found: true, pools: read.value };
    },

    /** Starts one agent-pool PUT (long-running); the orchestration polls it. */
    async startAgentPoolPut(input: PoolAddress & { body: AgentPool }): Promise<StartOutcome> {
      const { target, pool, body } = input;
      const started = await armCall(async () => {
        const poller = pools(target).createOrUpdate(target.resourceGroup, target.name, pool, body);
        await poller.submitted();
        return poller.serialize();
      });
      if (!started.ok) return { outcome: "failed", error: started.error };
      return { outcome: "started", ref: { target, operation: "poolPut", poller: started.value } };
    },

    /** Starts one agent-pool DELETE (long-running); a pool already gone is done. */
    async startAgentPoolDelete(input: PoolAddress): Promise<StartOutcome> {
      const { target, pool } = input;
      const started = await armCall(async () => {
        const poller = pools(target).delete(target.resourceGroup, target.name, pool);
        await poller.submitted();
        return poller.serialize();
      });
      if (!started.ok) {
        if (started.error.kind === "notFound") return { outcome: "done", target, reused: false };
        return { outcome: "failed", error: started.error };
      }
      return { outcome: "started", ref: { target, operation: "poolDelete", poller: started.value } };
    },
  };
}
