// Benchmark of concurrency (issue 14): N copies of examples/dev-cluster.json (renamed, each in its own resource
// group) POSTed at once to one devhost, the sandbox ARM throttling writes below its own defaults and the app's write
// budget (ARM_WRITE_BURST, ARM_WRITE_RATE) below that, so the budget binds at every size. Per size, a fresh
// sandbox: completed/failed, the 429s ARM answered and whether each was absorbed (the same write later succeeded),
// ARM writes per window against the budget (the call log's worst window), the orchestration overhead per step
// (bench/provision/stepOverhead.ts: every step, less the durable timers a refused write slept on), the devhost's
// peak RSS, and the wall time against the budget's minimum.
// Usage: npm run bench -- concurrency [--sizes 20,50,200 | --runs 200] [--seed 1] [--dump file]
//   [--arm-read-burst 250 --arm-read-rate 25]  (docs/performance.md §3)
import { readFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { budgetedWrites, worstWriteWindow } from "../../test/helpers/writeWindows.js";
import { Provisioner } from "../../test/integration/provision/harness.js";
import { FINAL_EVENTS, finalEvents, loadAverage, machine, renamed, report, roomyQuota } from "../common.js";
import { budgetMinimumMs, peakPerWindow, percentile, round } from "../stats.js";
import {
  armFinishes,
  budgetWaitMs,
  firstAttempts,
  type HistoryMark,
  heldPhases,
  resourceGroupOf,
  type StepPhases,
  stepGaps,
  stepPhases,
} from "./stepOverhead.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "20,50,200" },
    runs: { type: "string" },
    seed: { type: "string", default: "1" },
    "poll-seconds": { type: "string", default: "0.5" },
    "budget-burst": { type: "string", default: "8" },
    "budget-rate": { type: "string", default: "8" },
    "arm-write-burst": { type: "string", default: "16" },
    "arm-write-rate": { type: "string", default: "10" },
    // ARM's read bucket (its defaults, 250 / 25 s⁻¹, unless given): the polls come 20× as often as production's.
    "arm-read-burst": { type: "string", default: "250" },
    "arm-read-rate": { type: "string", default: "25" },
    // Also write each size's steps, Durable histories and writes to <dump>-<size>.json, to see where a step went.
    dump: { type: "string" },
  },
});
const sizes = (values.runs ?? values.sizes).split(",").map(Number);
if (!sizes.every((n) => Number.isInteger(n) && n > 0)) throw new Error("--sizes: positive integers, comma-separated");
const seed = Number(values.seed);
const budget = { burst: Number(values["budget-burst"]), perSecond: Number(values["budget-rate"]) };
const armWrites = { burst: Number(values["arm-write-burst"]), perSecond: Number(values["arm-write-rate"]) };
const armReads = { burst: Number(values["arm-read-burst"]), perSecond: Number(values["arm-read-rate"]) };
const pollSeconds = Number(values["poll-seconds"]);
const GOALS = { overheadP95Ms: 50 };
// A write takes its token right before it is sent (src/azure/writeGate.ts); the hop to ARM lies between
// (test/integration/operations/writeBudget.test.ts allows 100 ms of it).
const TOKEN_LAG_MS = 100;

/** The devhost's resident memory now and at its peak (kB, Linux /proc). */
function memoryKb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssKb: kb("VmRSS"), peakKb: kb("VmHWM") };
}

/** Each run's Durable history (every instance whose id names its request id), from the Durable HTTP API. */
async function historiesByRequest(p: Provisioner, requestIds: readonly string[]) {
  const api = `${p.url}/runtime/webhooks/durabletask/instances`;
  const instances = (await (await fetch(`${api}/?showInput=false`)).json()) as { instanceId: string }[];
  const out = new Map<string, HistoryMark[]>();
  for (const id of requestIds) {
    // The request id as a whole word: CHG-…-C20X1 must not also take the instances of C20X10 … C20X19.
    const word = new RegExp(`${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![0-9a-z])`, "i");
    const mine = instances.filter((i) => word.test(i.instanceId));
    const marks: HistoryMark[] = [];
    for (const { instanceId } of mine) {
      const res = await fetch(
        `${api}/${encodeURIComponent(instanceId)}?showHistory=true&showHistoryOutput=true&showInput=false`,
      );
      const { historyEvents = [] } = (await res.json()) as {
        historyEvents?: { EventType: string; Timestamp: string; Result?: unknown }[];
      };
      for (const e of historyEvents) {
        // A write the budget refused (src/activities/meteredWrite.ts) is told apart from the activities that ran.
        const refused = e.EventType === "TaskCompleted" && JSON.stringify(e.Result ?? "").includes("writeDeferred");
        marks.push({ type: refused ? "TaskCompleted:writeDeferred" : e.EventType, atMs: Date.parse(e.Timestamp) });
      }
    }
    out.set(id, marks);
  }
  return out;
}

/** The provider type a write creates (`Microsoft.Network/virtualNetworks`), to tell the steps apart. */
const typeOf = (path: string) => /providers\/([^/]+\/[^/]+)\/[^/]+$/i.exec(path)?.[1] ?? "resourceGroups";

const stats = (v: number[]) => ({
  n: v.length,
  p50: percentile(v, 50),
  p95: percentile(v, 95),
  max: v.length ? Math.max(...v) : 0,
});

async function runSize(n: number) {
  const p = await Provisioner.start({
    arm: { profile: "fast", seed, quota: roomyQuota, throttle: { writes: armWrites, reads: armReads } },
    settings: {
      ARM_WRITE_BURST: String(budget.burst),
      ARM_WRITE_RATE: String(budget.perSecond),
      POLL_INTERVAL_SECONDS: String(pollSeconds),
      PROVISION_TIMEOUT_MINUTES: "60",
    },
  });
  try {
    // One warm-up run (the first request pays for module loading and the first token), then the budget refills.
    const warm = renamed(`w${n}`);
    const warmStarted = Date.now();
    await p.api("POST", "clusters", warm);
    await finalEvents(p, [warm.requestId], 120_000);
    const oneRunMs = Date.now() - warmStarted;
    await sleep((budget.burst / budget.perSecond) * 1000 + 500);
    await p.arm.control.throttle({ writes: armWrites, reads: armReads });
    await p.arm.control.clearCalls();
    const pid = p.devhost.child.pid as number;
    const rssBeforeKb = memoryKb(pid).rssKb;
    const bodies = Array.from({ length: n }, (_, i) => renamed(`c${n}x${i}`));
    const ids = bodies.map((b) => b.requestId);
    const loadBefore = loadAverage();
    const started = Date.now();
    const posted = await Promise.all(bodies.map(async (b) => (await p.api("POST", "clusters", b)).status));
    // The example's plan has 8 budgeted writes; three times the budget's pace and a minute is ample.
    const expectedMs = (budgetMinimumMs(n * 8, budget).atRateMs + 60_000) * 3;
    const outcomes = await finalEvents(p, ids, expectedMs).catch(() => {
      const got = new Map<string, string>();
      for (const e of p.events) if (FINAL_EVENTS.includes(e.type)) got.set(e.requestId, e.type);
      return got;
    });
    const wallMs = Date.now() - started;
    const memory = memoryKb(pid);
    const loadAfter = loadAverage();

    const { value: calls } = await p.arm.control.calls();
    const { operations } = await p.arm.control.state();
    const writes = budgetedWrites(calls);
    const reads = calls.filter((c) => c.method === "GET");
    const throttled = calls.filter((c) => c.status === 429);
    const succeeded = new Set(calls.filter((c) => c.status < 400 && c.clientRequestId).map((c) => c.clientRequestId));
    // Absorbed: the same request later succeeded — under the same client request id (the SDK's own retry) or, once
    // the SDK gave up and the activity was retried, as a later call of the same method and path.
    const succeededAt = new Map<string, number>();
    for (const c of calls) if (c.status < 400) succeededAt.set(`${c.method} ${c.path}`, c.atMs);
    const absorbed = throttled.filter(
      (c) => succeeded.has(c.clientRequestId) || (succeededAt.get(`${c.method} ${c.path}`) ?? 0) > c.atMs,
    ).length;
    const histories = await historiesByRequest(p, ids);
    const steps = bodies.flatMap((b) => {
      const group = b.resourceGroup.toLowerCase();
      const mine = writes.filter((w) => resourceGroupOf(w.path) === group);
      // Role assignments wait for Kubernetes readiness, which ARM's call log does not show: they are not steps.
      const stepWrites = firstAttempts(mine).filter((w) => !/\/roleAssignments\//i.test(w.path));
      const history = histories.get(b.requestId) ?? [];
      const sleeps = history.filter((e) => e.type === "TimerCreated").map((e) => e.atMs);
      const gaps = stepGaps(
        armFinishes(mine, reads, operations),
        stepWrites.map((w) => w.atMs),
        sleeps,
      );
      return gaps.map((g) => {
        const budgetMs = budgetWaitMs(g, history);
        return {
          ...g,
          budgetMs,
          overheadMs: g.gapMs - budgetMs,
          next: typeOf(stepWrites.find((w) => w.atMs === g.writeAtMs)?.path ?? ""),
          phases: stepPhases(g, history),
          heldPhases: heldPhases(g, history),
          requestId: b.requestId,
        };
      });
    });
    if (values.dump) {
      const trace = { steps, histories: Object.fromEntries(histories), writes };
      writeFileSync(values.dump.replace(/(\.json)?$/, `-${n}.json`), JSON.stringify(trace));
    }
    const unheld = steps.filter((g) => !g.held);
    const byNext: Record<string, ReturnType<typeof stats>> = {};
    for (const next of new Set(steps.map((g) => g.next)))
      byNext[next] = stats(steps.filter((g) => g.next === next).map((g) => g.overheadMs));
    const phases = unheld.flatMap((g) => (g.phases ? [g.phases] : []));
    const phase = (k: keyof StepPhases) => stats(phases.map((ph) => ph[k]));
    const sent = firstAttempts(writes).length;
    // The budget lets through every write it meters, the credential POSTs too (`times` below).
    const meteredSent = calls.filter(
      (c) => c.category === "writes" && !/\/checkNameAvailability$/i.test(c.path) && c.status !== 429,
    ).length;
    const minimum = budgetMinimumMs(meteredSent, budget);
    // The windows hold every write the budget meters: the PUTs and the readiness checks' credential POSTs
    // (`checkReadiness` is a writer in src/orchestrators/activityCalls.ts); only preflight's name checks are not.
    const times = calls
      .filter((c) => c.category === "writes" && !/\/checkNameAvailability$/i.test(c.path))
      .map((c) => c.atMs);
    const worst = worstWriteWindow(times, budget);
    const worstWithLag = worstWriteWindow(times, budget, TOKEN_LAG_MS);
    const completed = ids.filter((id) => outcomes.get(id) === "cluster.provisioned").length;
    // What the failed runs said: the step and Azure's (or the app's) error of their final event.
    const failures = p.events
      .filter((e) => e.type === "cluster.provisioning.failed" && ids.includes(e.requestId))
      .map((e) => ({ requestId: e.requestId, ...e.data }))
      .slice(0, 5);
    return {
      size: n,
      accepted: posted.filter((s) => s === 202).length,
      completed,
      failed: n - completed,
      failures,
      wallMs,
      wallPerRunMs: Math.round(wallMs / n),
      budgetMinimumMs: minimum,
      wallOverBudgetMinimum: round(wallMs / minimum.atRateMs, 2),
      // docs/scaling.md's model: the budget lets the writes through, then the last run's remaining steps.
      oneRunMs,
      predictedWallMs: minimum.withBurstMs + oneRunMs,
      // `sent`: budgeted writes, first attempts; ARM's own count adds the credential POSTs the budget skips.
      armWrites: {
        sent,
        attempts: writes.length,
        perRun: round(sent / n, 2),
        metered: meteredSent,
        armCounted: calls.filter((c) => c.category === "writes").length,
      },
      armReads: reads.length,
      callLogFull: calls.length >= 20_000,
      throttled: {
        seen: throttled.length,
        absorbed,
        byCategory: Object.fromEntries(
          ["reads", "writes", "deletes"].map((k) => [k, throttled.filter((c) => c.category === k).length]),
        ),
      },
      writeWindows: {
        peakPerSecond: peakPerWindow(times),
        allowedPerSecond: budget.burst + budget.perSecond,
        worstExcess: round(worst.excess, 2),
        worstExcessWithSendLag: round(worstWithLag.excess, 2),
      },
      // Every step, its budget wait (durable timers after a refusal) taken out; `unheld`: the steps with none.
      overheadMs: stats(steps.map((g) => g.overheadMs)),
      overheadUnheldMs: stats(unheld.map((g) => g.gapMs)),
      overheadByNextWrite: byNext,
      overheadPhasesMs: {
        toOrchestrator: phase("toOrchestratorMs"),
        inOrchestrator: phase("inOrchestratorMs"),
        toArm: phase("toArmMs"),
      },
      heldPhasesMs: {
        toRefusal: stats(steps.flatMap((g) => (g.heldPhases ? [g.heldPhases.toRefusalMs] : []))),
        afterBudget: stats(steps.flatMap((g) => (g.heldPhases ? [g.heldPhases.afterBudgetMs] : []))),
      },
      heldByBudgetMs: stats(steps.filter((g) => g.held).map((g) => g.gapMs)),
      budgetWaitMs: stats(steps.filter((g) => g.held).map((g) => g.budgetMs)),
      durableTimers: [...histories.values()].flat().filter((e) => e.type === "TimerCreated").length,
      refusedWritesPerRun: round(
        [...histories.values()].flat().filter((e) => e.type === "TaskCompleted:writeDeferred").length / n,
        1,
      ),
      activitiesPerRun: round([...histories.values()].flat().filter((e) => e.type === "TaskScheduled").length / n, 1),
      devhostMemoryMb: {
        before: round(rssBeforeKb / 1024, 1),
        after: round(memory.rssKb / 1024, 1),
        peak: round(memory.peakKb / 1024, 1),
      },
      loadAverage: { before: loadBefore, after: loadAfter },
    };
  } finally {
    await p.stop();
  }
}

const before = machine();
const results = [];
for (const n of sizes) results.push(await runSize(n));
const first = results[0];
const result = {
  benchmark: "concurrency",
  request: "examples/dev-cluster.json, renamed per copy",
  settings: {
    profile: "fast",
    seed,
    POLL_INTERVAL_SECONDS: pollSeconds,
    ARM_WRITE_BURST: budget.burst,
    ARM_WRITE_RATE: budget.perSecond,
    armThrottle: { writes: armWrites, reads: armReads },
  },
  sizes: results,
  growth: results.map((r) => ({
    size: r.size,
    wallMs: r.wallMs,
    wallVsFirst: first ? round(r.wallMs / first.wallMs, 2) : 1,
    sizeVsFirst: first ? round(r.size / first.size, 2) : 1,
    wallOverBudgetMinimum: r.wallOverBudgetMinimum,
  })),
  goals: {
    completedAll: results.every((r) => r.completed === r.size),
    absorbedAll429s: results.every((r) => r.throttled.absorbed === r.throttled.seen),
    writesWithinBudget: results.every((r) => r.writeWindows.peakPerSecond <= r.writeWindows.allowedPerSecond),
    writesWithinBudgetEveryWindow: results.every((r) => r.writeWindows.worstExcess <= 0),
    overheadP95Ms: `<= ${GOALS.overheadP95Ms}`,
    overheadP95Met: results.every((r) => r.overheadMs.p95 <= GOALS.overheadP95Ms),
  },
  machine: { ...before, loadAverageAfter: machine().loadAverage },
};
const line = results
  .map(
    (r) =>
      `${r.size}: ${r.completed}/${r.failed} in ${round(r.wallMs / 1000, 1)} s (${r.wallOverBudgetMinimum}x budget min), 429s ${r.throttled.seen}/${r.throttled.absorbed} absorbed, peak ${r.writeWindows.peakPerSecond} w/s (allowed ${r.writeWindows.allowedPerSecond}), overhead p50/p95 ${r.overheadMs.p50}/${r.overheadMs.p95} ms (unheld ${r.overheadUnheldMs.p50}/${r.overheadUnheldMs.p95}), RSS peak ${r.devhostMemoryMb.peak} MB, load ${r.loadAverage.before[0]}`,
  )
  .join("; ");
report(result, `concurrency (completed/failed): ${line}`);
