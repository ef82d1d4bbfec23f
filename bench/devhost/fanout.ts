// Benchmark: orchestrations/s for a 5-activity fan-out/fan-in on the devhost with the journal on, plus p50/p99
// orchestrator episode latency. Prints one JSON line and one summary line.
// Usage: npx tsx bench/devhost/fanout.ts [--orchestrations 1000] [--inflight 64]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startDevhost } from "../../sandbox/devhost/index.js";
import { percentile } from "../stats.js";

const { values } = parseArgs({
  options: {
    orchestrations: { type: "string", default: "1000" },
    inflight: { type: "string", default: "64" },
    warmup: { type: "string", default: "50" },
  },
});
const total = Number(values.orchestrations);
const inflight = Number(values.inflight);
const warmup = Number(values.warmup);
const FANOUT = 5;
const GOAL = 100;

const appDir = fileURLToPath(new URL("../../test/fixtures/devhost-app", import.meta.url));
const stateDir = mkdtempSync(join(tmpdir(), "devhost-bench-"));
const devhost = await startDevhost({ appDir, stateDir, log: false, timers: false, serviceBus: false });
const engine = devhost.engine;

/** Starts `n` orchestrations over the Durable HTTP API with at most `inflight` outstanding, then waits. */
async function run(n: number, prefix: string): Promise<{ durationMs: number; latencies: number[] }> {
  const started = performance.now();
  const ids: string[] = [];
  // Only the outstanding instances are re-checked on each state change, so the bench's own bookkeeping
  // stays O(inflight) per change instead of O(started so far).
  const open = new Set<string>();
  const onChange = () => {
    for (const id of open) {
      const s = engine.store.instances.get(id)?.status;
      if (s === "Completed" || s === "Failed") open.delete(id);
    }
  };
  engine.events.on("change", onChange);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const id = `${prefix}-${next++}`;
      const res = await fetch(`${devhost.durableBaseUrl}orchestrators/fanOut/${id}`, {
        method: "POST",
        body: JSON.stringify({ n: FANOUT }),
      });
      if (res.status !== 202) throw new Error(`start failed: ${res.status} ${await res.text()}`);
      await res.body?.cancel();
      ids.push(id);
      open.add(id);
      onChange();
      // Keep at most `inflight` orchestrations running, as a client with back-pressure would.
      await engine.waitFor(() => open.size < inflight, 60_000);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await engine.waitFor(() => open.size === 0, 120_000);
  engine.events.off("change", onChange);
  const failed = ids.filter((id) => engine.store.instances.get(id)?.output !== "30");
  if (failed.length) throw new Error(`${failed.length} orchestrations returned a wrong result`);
  const latencies = ids.map((id) => {
    const inst = engine.store.instances.get(id);
    return inst ? inst.lastEpisodeAt - Date.parse(inst.createdTime) : 0;
  });
  return { durationMs: performance.now() - started, latencies };
}

await run(warmup, "warm");
const episodes: number[] = [];
engine.events.on("episode", (ms: number) => episodes.push(ms));
const { durationMs, latencies } = await run(total, "bench");
latencies.sort((a, b) => a - b);
episodes.sort((a, b) => a - b);
const perSecond = total / (durationMs / 1000);
const result = {
  benchmark: "devhost-fanout",
  orchestrations: total,
  activitiesPerOrchestration: FANOUT,
  journal: true,
  durationMs: Math.round(durationMs),
  orchestrationsPerSecond: Number(perSecond.toFixed(1)),
  episodes: episodes.length,
  episodeLatencyMs: {
    p50: Number(percentile(episodes, 50).toFixed(2)),
    p99: Number(percentile(episodes, 99).toFixed(2)),
  },
  orchestrationLatencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
  goalOrchestrationsPerSecond: GOAL,
  pass: perSecond >= GOAL,
};
await devhost.stop();
rmSync(stateDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stdout.write(
  `devhost fan-out(${FANOUT}): ${result.orchestrationsPerSecond} orchestrations/s (goal ${GOAL}), episode p50 ${result.episodeLatencyMs.p50} ms, p99 ${result.episodeLatencyMs.p99} ms, start-to-complete p50 ${result.orchestrationLatencyMs.p50} ms, p99 ${result.orchestrationLatencyMs.p99} ms, ${result.pass ? "PASS" : "BELOW GOAL"}\n`,
);
