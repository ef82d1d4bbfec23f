// Benchmark of HTTP intake (issue 14): `POST /api/clusters` at fixed rates, open loop (openLoop.ts: request i due
// at i / rate, whatever became of the ones before; latency from that due moment), `--duration` seconds each,
// against one devhost with the whole sandbox (the harness: ARM, broker, Azurite in this process, the devhost in
// its own). Measured: p50/p99 latency and errors (non-2xx, connection errors, timeouts) per rate — the answer of
// validation + start, the runs not awaited. Every request has its own request id, and asks for an approval
// (bench/common.ts `parked`): each run it starts does run, concurrently with the load (the preflight's and the
// estimate's ARM reads, `cluster.approval.requested`), then parks with nothing written. Between rates the
// benchmark waits until every run so far has parked, so each rate starts from a quiet host; at the end it checks
// that every 2xx started exactly one run. docs/performance.md §4 says why. `--hold-runs` holds the devhost's
// Durable dispatch (test fault `holdDispatch`) during each rate's load and lifts it after: the front door alone,
// with the runs' work after the window instead of on the same event loop during it.
// Usage: npm run bench -- intake [--duration 30] [--rates 50,100,200] [--sockets 64] [--hold-runs]
import { parseArgs } from "node:util";
import { provisionInstanceId } from "../../src/orchestrators/provisionInput.js";
import { waitFor } from "../../test/helpers/waitFor.js";
import { instancesWithPrefix, setDevhostFaults } from "../../test/integration/intake/queueHelpers.js";
import { Provisioner } from "../../test/integration/provision/harness.js";
import { cpuMs, loadAverage, machine, ownCpuMs, parked, report, rssMiB } from "../common.js";
import { exactlyOnce, round } from "../stats.js";
import { openLoop } from "./openLoop.js";
import { UNTHROTTLED } from "./unthrottled.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "30" },
    rates: { type: "string", default: "50,100,200" },
    sockets: { type: "string", default: "64" },
    "hold-runs": { type: "boolean", default: false },
  },
});
const holdRuns = values["hold-runs"];
const durationSeconds = Number(values.duration);
const rates = values.rates.split(",").map(Number);
const sockets = Number(values.sockets);
if (!(durationSeconds > 0) || !rates.every((r) => Number.isInteger(r) && r > 0) || !(sockets > 0))
  throw new Error("--duration > 0, --rates positive integers (comma-separated), --sockets > 0");
const GOAL = { rate: 200, p99Ms: 50, errors: 0 };
const PARKED = "cluster.approval.requested";
const before = machine();

const bodyTemplate = JSON.stringify(parked("CHG-[<id>]"));
const p = await Provisioner.start({ arm: { throttle: UNTHROTTLED } });
try {
  const url = `${p.url}/api/clusters`;
  const headers = { "content-type": "application/json", "x-functions-key": p.key };
  const load = (idPrefix: string, rate: number, seconds: number) =>
    openLoop({
      url,
      method: "POST",
      headers,
      bodyTemplate,
      idPrefix,
      rate,
      durationSeconds: seconds,
      maxSockets: sockets,
      timeoutMs: 10_000,
    });
  // Warm-up, not measured: the first requests load the handlers' modules and JIT them.
  let answered = (await load("warm-", 20, 1)).twoXx;
  await parkedAll();
  const results = [];
  for (const rate of rates) {
    const loadBefore = loadAverage();
    const rssBeforeMiB = rssMiB(p.devhost.child.pid);
    if (holdRuns) await setDevhostFaults(p, { holdDispatch: true });
    const cpuAtStart = cpuNow();
    const r = await load(`r${rate}-`, rate, durationSeconds);
    const cpuAtEnd = cpuNow();
    if (holdRuns) await setDevhostFaults(p, { holdDispatch: false });
    answered += r.twoXx;
    const settleStart = performance.now();
    const runsSoFar = await parkedAll();
    const cpu = cpuPerRequest(r.sent, rate, cpuAtStart, cpuAtEnd, cpuNow());
    results.push({
      rate,
      achievedRate: r.achievedRate,
      sent: r.sent,
      latencyMs: r.latencyMs,
      serviceMs: r.serviceMs,
      maxSendLagMs: r.maxSendLagMs,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCodes: r.statusCodes,
      runsParkedAfterMs: Math.round(performance.now() - settleStart),
      runsSoFar,
      cpuMsPerRequest: cpu.perRequest,
      coresAtRate: cpu.coresAtRate,
      devhostRssMiB: { before: rssBeforeMiB, after: rssMiB(p.devhost.child.pid) },
      loadAverage: { before: loadBefore, after: loadAverage() },
    });
  }
  // Every 2xx started a run, and each run parked once. A request still in flight when a rate's time is up may
  // have started a run without its answer being counted, so there may be more runs than 2xx, never fewer.
  const instances = await waitFor(provisionInstances, { timeoutMs: 60_000, intervalMs: 1000 });
  const parkedIds = p.events.filter((e) => e.type === PARKED).map((e) => provisionInstanceId(e.requestId));
  const once = exactlyOnce(instances, parkedIds);
  const runs = {
    twoXx: answered,
    instances: instances.length,
    lost: Math.max(0, answered - instances.length),
    parkedTwice: once.duplicated.length,
    neverParked: once.missing.length,
    parkedWithoutInstance: once.unexpected.length,
  };
  const goal = results.find((r) => r.rate === GOAL.rate);
  const met = goal ? goal.latencyMs.p99 <= GOAL.p99Ms && goal.errors === GOAL.errors : undefined;
  report(
    {
      benchmark: "intake",
      request: "examples/dev-cluster.json, approval required (parks before any write), own request id each",
      settings: {
        durationSeconds,
        rates,
        sockets,
        arrivals: "open loop, evenly spaced",
        profile: "instant",
        runs: holdRuns ? "held during each rate's load (holdDispatch), then run" : "run during the load",
      },
      results,
      runs,
      goal: { ...GOAL, met: met ?? "not measured (no 200 req/s run)" },
      machine: { ...before, loadAverageAfter: loadAverage() },
    },
    `intake${holdRuns ? " (runs held)" : ""}: ${results.map((r) => `${r.rate}/s p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms errors ${r.errors} CPU ${r.cpuMsPerRequest.total} ms/request`).join("; ")}; ${runs.instances} runs for ${runs.twoXx} 2xx (goal p99 <= ${GOAL.p99Ms} ms, 0 errors at ${GOAL.rate}/s: ${met === undefined ? "not measured" : met ? "met" : "NOT met"}); load ${before.loadAverage[0]}`,
  );
} finally {
  await p.stop();
}

/** CPU used so far by the devhost and by this process (ARM, the broker, Azurite and the sender's thread), ms. */
function cpuNow() {
  return { devhost: cpuMs(p.devhost.child.pid) ?? Number.NaN, benchProcess: ownCpuMs() };
}

/**
 * CPU per request sent at `rate`: during the load, and from its end until every run parked (the runs' work that
 * the load left behind), for the devhost and this process; and the cores that CPU needs at `rate` sustained — its
 * whole cost, runs included, so the rate this machine's cores can carry with the runs working is nproc ÷ that.
 */
type CpuSnapshot = ReturnType<typeof cpuNow>;
function cpuPerRequest(sent: number, rate: number, start: CpuSnapshot, end: CpuSnapshot, parked: CpuSnapshot) {
  const per = (ms: number) => round(ms / sent, 2);
  const of = (k: "devhost" | "benchProcess") => ({
    load: per(end[k] - start[k]),
    afterLoad: per(parked[k] - end[k]),
    total: per(parked[k] - start[k]),
  });
  const devhost = of("devhost");
  const benchProcess = of("benchProcess");
  const total = round(devhost.total + benchProcess.total, 2);
  return { perRequest: { devhost, benchProcess, total }, coresAtRate: round((total * rate) / 1000, 2) };
}

async function provisionInstances(): Promise<string[] | undefined> {
  try {
    return (await instancesWithPrefix(p, provisionInstanceId(""))).map((i) => i.instanceId);
  } catch (error) {
    // A busy devhost may close a kept-alive socket as the next listing goes out (ECONNRESET): ask again, unless
    // the devhost itself is gone.
    if (p.devhost.child.exitCode !== null) throw error;
    return undefined;
  }
}

/** Waits until every run started so far has published its approval request (parked on its timer); their count. */
async function parkedAll(): Promise<number> {
  let runs = 0;
  const parkedSoFar = () => p.events.filter((e) => e.type === PARKED).length;
  await waitFor(
    async () => {
      const instances = await provisionInstances();
      if (!instances) return undefined;
      runs = instances.length;
      return parkedSoFar() >= runs || undefined;
    },
    { timeoutMs: 15 * 60_000, intervalMs: 1000, message: () => `only ${parkedSoFar()} of ${runs} runs parked` },
  );
  return runs;
}
