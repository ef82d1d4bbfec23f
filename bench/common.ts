// What the issue-14 benchmarks share: the example request (renamed per copy), the machine and its load (the
// machine is shared, so every figure carries its load average), the app's poll interval scaled like ARM's
// durations (as bench/provision/criticalPath.ts does), and waiting for every request's final event.
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { waitFor } from "../test/helpers/waitFor.js";
import type { Provisioner } from "../test/integration/provision/harness.js";
import { round } from "./stats.js";

export type RequestBody = {
  requestId: string;
  resourceGroup: string;
  cluster: { name: string };
  network: { vnetName: string };
  registry: { name: string };
  disks: { name: string }[];
} & Record<string, unknown>;

export const example = JSON.parse(
  readFileSync(new URL("../examples/dev-cluster.json", import.meta.url), "utf8"),
) as RequestBody;

/** examples/dev-cluster.json in its own resource group, every name and the request id suffixed. */
export function renamed(suffix: string, base: RequestBody = example): RequestBody {
  return {
    ...base,
    requestId: `${base.requestId}-${suffix.toUpperCase()}`,
    resourceGroup: `${base.resourceGroup}-${suffix}`,
    cluster: { ...base.cluster, name: `${base.cluster.name}-${suffix}` },
    network: { ...base.network, vnetName: `${base.network.vnetName}-${suffix}` },
    registry: { ...base.registry, name: `${base.registry.name}${suffix.replace(/[^a-z0-9]/gi, "")}` },
    disks: base.disks.map((d) => ({ ...d, name: `${d.name}-${suffix}` })),
  };
}

export const loadAverage = () => loadavg().map((l) => round(l, 2));

export function machine() {
  return {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    node: process.version,
    loadAverage: loadAverage(),
  };
}

/** Production's poll interval (10 s, src/config.ts's default) scaled by ARM's timeScale. */
export const scaledPollSeconds = (timeScale: number) => round(10 * timeScale, 4);

/** No vCPU quota in the way of many copies of the example (the sandbox's default is 100 per subscription). */
export const roomyQuota = { regionalVcpus: 1_000_000, lowPriorityVcpus: 1_000_000 };

export const FINAL_EVENTS = ["cluster.provisioned", "cluster.provisioning.failed"];

/** Waits until each request id has a final event on the harness's subscriber; returns them by id. */
export async function finalEvents(p: Provisioner, requestIds: readonly string[], timeoutMs: number) {
  const wanted = new Set(requestIds);
  await waitFor(
    () => {
      const done = new Set(p.events.filter((e) => FINAL_EVENTS.includes(e.type)).map((e) => e.requestId));
      return [...wanted].every((id) => done.has(id)) || undefined;
    },
    {
      timeoutMs,
      intervalMs: 100,
      message: () => `not every request ended within ${timeoutMs} ms`,
    },
  );
  const byId = new Map<string, string>();
  for (const e of p.events) if (wanted.has(e.requestId) && FINAL_EVENTS.includes(e.type)) byId.set(e.requestId, e.type);
  return byId;
}

/** Prints the JSON result and the one summary line. */
export function report(result: unknown, summary: string): void {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n${summary}\n`);
}

/**
 * examples/dev-cluster.json under `requestId`, asking for an approval nobody gives within `timeoutHours` (720,
 * the most): its run reads Azure (the preflight, the estimate), publishes `cluster.approval.requested` and parks
 * on a durable timer with nothing written. The intake benchmarks use it so that the runs they start do run, but
 * load the machine only for their first seconds instead of provisioning thousands of clusters. Without a new
 * registry: its name check is a POST that draws from the subscription's write budget (at most ARM's 10 a second),
 * so thousands of runs would park at the budget's pace, and measure it again instead of intake.
 */
export function parked(requestId: string, base: RequestBody = example): Record<string, unknown> {
  return { ...base, requestId, registry: { kind: "none" }, approval: { required: true, timeoutHours: 720 } };
}

/** A process's resident set (Linux: /proc/<pid>/status VmRSS), MiB; 0 where /proc cannot be read. */
export function rssMiB(pid: number | undefined): number {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? round(Number(kb) / 1024, 1) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time a process has used, user + system, ms (Linux: /proc/<pid>/stat utime + stime, all its threads, at the
 * kernel's 100 ticks a second, so 10 ms steps); undefined where /proc cannot be read.
 */
export function cpuMs(pid: number | undefined): number | undefined {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** This process's CPU time, user + system, ms (every thread). */
export const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
