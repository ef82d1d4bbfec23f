// Benchmark of the whole product on the critical path (issue 8): examples/dev-cluster.json under the sandbox's
// `realistic` latency profile, time-scaled, measured three ways:
//   oursMs        POST /api/clusters → `cluster.provisioned` received by a topic subscriber: the devhost running
//                 the app's sources, the simulated ARM and the broker, over real HTTP(S) and AMQP;
//   idealMs       the critical path from the sandbox's own operation timings (same seed, same resource ids):
//                 RG → max(VNet, ACR, disk) → cluster with its pools → nodes Ready → role assignments;
//   sequentialMs  the same plan written one awaited step at a time with the same SDK clients, against a fresh
//                 sandbox (same profile, seed, timeScale), in another resource group with other names.
// The app's POLL_INTERVAL_SECONDS and the baseline's updateIntervalInMs are production's poll interval scaled
// by the same timeScale as ARM, so polling stands to ARM's durations as it does in Azure.
// Usage: npm run bench -- critical-path [--time-scale 0.05] [--seed 1] [--cold] [--trace]  (docs/performance.md)
// Prints the JSON result, then one summary line.
import { parseArgs } from "node:util";
import { ServiceBusClient } from "@azure/service-bus";
import { latencyProfiles, startArmSandbox } from "../../sandbox/arm/index.js";
import type { CallRecord } from "../../sandbox/arm/policies/callLog.js";
import { loadConfig } from "../../src/config.js";
import { parseClusterEvent } from "../../src/events/index.js";
import { type ClusterRequest, plan, validateClusterRequest, writesOf } from "../../src/request/index.js";
import { Provisioner } from "../../test/integration/provision/harness.js";
import { example, FINAL_EVENTS, loadAverage, machine as machineNow, renamed } from "../common.js";
import { round } from "../stats.js";
import { idealTimeline } from "./ideal.js";
import { runSequential } from "./sequential.js";

const { values } = parseArgs({
  options: {
    "time-scale": { type: "string", default: "0.05" },
    seed: { type: "string", default: "1" },
    // Also print ours' ARM calls and events, ms from the POST, on stderr.
    trace: { type: "boolean", default: false },
    // Measure the product's very first request (no warm-up provisioning before it).
    cold: { type: "boolean", default: false },
  },
});
const timeScale = Number(values["time-scale"]);
const seed = Number(values.seed);
if (!(timeScale > 0 && timeScale <= 1) || !Number.isInteger(seed))
  throw new Error("--time-scale in (0, 1], --seed an integer");
const PROFILE = "realistic" as const;
const GOALS = { efficiency: 0.95, vsSequential: 0.6 };

// Production's settings are the schema's defaults (src/config.ts): POLL_INTERVAL_SECONDS 10, timeout 90 min.
const production = loadConfig({
  AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000",
  ServiceBusConnection: "Endpoint=sb://localhost;",
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
}).limits;
const pollIntervalSeconds = round(production.pollIntervalSeconds * timeScale, 4);
const provisionTimeoutMinutes = Math.max(5, Math.ceil(production.provisionTimeoutMinutes * timeScale));
const inputs = { profile: PROFILE, timeScale, seed };

const baselineBody = renamed("seq");

function validated(body: unknown): ClusterRequest {
  const v = validateClusterRequest(body);
  if (!v.ok) throw new Error(`invalid request: ${JSON.stringify(v.problems)}`);
  return v.request;
}

const { loadAverage: loadAverageBefore, ...machine } = machineNow();

interface Received {
  requestId: string;
  type: string;
  atMs: number;
  epochMs: number;
}

/** A subscriber on the events topic (the harness's takes "audit"), stamping each event as it arrives. */
function subscribe(bus: ServiceBusClient) {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const receiver = bus.createReceiver("cluster-events", "ticket-system", { receiveMode: "receiveAndDelete" });
  receiver.subscribe({
    processMessage: async (message) => {
      const atMs = performance.now();
      const epochMs = Date.now();
      const { type } = parseClusterEvent(message.body);
      received.push({ requestId: String(message.applicationProperties?.requestId ?? ""), type, atMs, epochMs });
      for (const w of waiters) w();
    },
    processError: async () => {},
  });
  /** The final event of a request: `cluster.provisioned` or `cluster.provisioning.failed`. */
  const final = (requestId: string, limitMs: number) =>
    new Promise<Received>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${requestId}: no final event within ${limitMs} ms`)), limitMs);
      const check = () => {
        const e = received.find((r) => r.requestId === requestId && FINAL_EVENTS.includes(r.type));
        if (!e) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(e);
      };
      waiters.add(check);
      check();
    });
  return { received, final, close: () => receiver.close() };
}

/** POSTs a request and waits for its final event; fails unless it is `cluster.provisioned`. */
async function provisionOnce(
  p: Provisioner,
  events: ReturnType<typeof subscribe>,
  body: ClusterRequestBody,
  limitMs: number,
) {
  const startEpochMs = Date.now();
  const started = performance.now();
  const res = await p.api("POST", "clusters", body);
  if (res.status !== 202) throw new Error(`POST /api/clusters: ${res.status} ${await res.text()}`);
  await res.body?.cancel();
  const last = await events.final(body.requestId, limitMs);
  if (last.type !== "cluster.provisioned") {
    const status = await p.status(body.requestId).catch((e: unknown) => String(e));
    throw new Error(`the provisioning of ${body.requestId} failed: ${JSON.stringify(status)}`);
  }
  return { ms: Math.round(last.atMs - started), startEpochMs, eventEpochMs: last.epochMs };
}

type ClusterRequestBody = { requestId: string } & Record<string, unknown>;

/**
 * Ours: the whole product, from the POST to the `cluster.provisioned` event on a topic subscription. Unless
 * `cold`, the product first provisions the same cluster under other names with every ARM duration 0 (a handful of
 * rounds), so the measured run finds what a running Function App has: managed-identity tokens, open connections to
 * ARM and Service Bus, every client and code path loaded. It then provisions it once more under other names, still
 * with ARM taking no time: `instantArmMs`, the product's own cost of the whole flow (every activity round, no wait).
 */
async function runOurs(cold: boolean) {
  const p = await Provisioner.start({
    arm: { profile: PROFILE, timeScale, seed },
    settings: {
      POLL_INTERVAL_SECONDS: String(pollIntervalSeconds),
      PROVISION_TIMEOUT_MINUTES: String(provisionTimeoutMinutes),
    },
  });
  const bus = new ServiceBusClient(p.broker.connectionString);
  const events = subscribe(bus);
  try {
    const request = validated(example);
    const planned = plan(request, { defaultSubscriptionId: p.arm.subscriptionId });
    const ideal = idealTimeline(planned, inputs);
    let warmupMs: number | undefined;
    let instantArmMs: number | undefined;
    if (!cold) {
      const instant = Object.fromEntries(Object.keys(latencyProfiles.instant).map((k) => [k, 0]));
      await p.arm.control.settings({ durationsMs: instant });
      warmupMs = (await provisionOnce(p, events, renamed("warm"), 60_000)).ms;
      instantArmMs = (await provisionOnce(p, events, renamed("inst"), 60_000)).ms;
      await p.arm.control.settings({ durationsMs: {} });
      await p.arm.control.clearCalls();
    }
    const run = await provisionOnce(p, events, example, 3 * ideal.sequentialMs + 60_000);
    const { value: calls } = await p.arm.control.calls();
    const { operations } = await p.arm.control.state();
    const mine = events.received.filter((e) => e.requestId === request.requestId);
    if (values.trace) trace(run.startEpochMs, calls, mine);
    const timeline = oursTimeline(planned, ideal, { ...run, calls, operations });
    return {
      oursMs: run.ms,
      warmupMs,
      instantArmMs,
      ideal,
      timeline,
      events: mine.length,
      armCalls: callCounts(calls),
    };
  } finally {
    await events.close();
    await bus.close();
    await p.stop();
  }
}

interface OperationView {
  resourceKey: string;
  kind: string;
  startedAtMs: number;
  dueAtMs: number;
}

/**
 * Where ours spent its time, on the sandbox clock (the wall clock here; nothing freezes it): ARM working (from the
 * sandbox's own operation records) and, between those, the time until the app noticed a stage had finished and
 * started the next one. The segments add up to ours.
 */
function oursTimeline(
  planned: ReturnType<typeof plan>,
  ideal: ReturnType<typeof idealTimeline>,
  log: { startEpochMs: number; eventEpochMs: number; calls: CallRecord[]; operations: OperationView[] },
) {
  const key = (id: string) => id.toLowerCase();
  const writes = writesOf(planned);
  const opOf = (id: string) => log.operations.find((o) => o.resourceKey === key(id) && o.kind !== "delete");
  const deps = planned.stages
    .filter((s) => s.name === "dependencies")
    .flatMap((s) => s.branches.flatMap((b) => b.writes.map((w) => opOf((w as { resourceId: string }).resourceId))));
  const clusterWrite = writes.find((w) => w.kind === "managedCluster");
  const cluster = clusterWrite ? opOf(clusterWrite.resourceId) : undefined;
  if (!cluster || deps.some((o) => !o)) throw new Error("the sandbox has no record of some operations");
  const depOps = deps as OperationView[];
  const depsStart = Math.min(...depOps.map((o) => o.startedAtMs));
  const depsDue = Math.max(...depOps.map((o) => o.dueAtMs));
  const nodesReadyAt = cluster.dueAtMs + ideal.nodesReadyMs;
  const roleCalls = log.calls.filter((c) => c.method === "PUT" && /roleassignments/i.test(c.path));
  const firstRolePut = Math.min(...roleCalls.map((c) => c.atMs));
  const segments = {
    "POST → dependency PUTs (intake, orchestration start, resource group)": depsStart - log.startEpochMs,
    "ARM: dependencies (longest branch)": depsDue - depsStart,
    "lag: dependencies done → cluster PUT": cluster.startedAtMs - depsDue,
    "ARM: cluster with its pools": cluster.dueAtMs - cluster.startedAtMs,
    "ARM: nodes turning Ready": nodesReadyAt - cluster.dueAtMs,
    "lag: nodes Ready → first role assignment PUT": firstRolePut - nodesReadyAt,
    "role assignments → cluster.provisioned received": log.eventEpochMs - firstRolePut,
  };
  const armMs = depsDue - depsStart + (cluster.dueAtMs - cluster.startedAtMs) + ideal.nodesReadyMs;
  return {
    segmentsMs: Object.fromEntries(Object.entries(segments).map(([k, v]) => [k, Math.round(v)])),
    armWorkingMs: Math.round(armMs),
    notArmMs: Math.round(log.eventEpochMs - log.startEpochMs - armMs),
  };
}

function trace(startEpochMs: number, calls: CallRecord[], events: { type: string; epochMs: number }[]): void {
  const lines = [
    ...calls.map((c) => ({
      at: c.atMs - startEpochMs,
      text: `${c.method} ${c.path.replace(/^\/subscriptions\/[^/]+/, "").replace(/\/providers\//g, " ")} ${c.status} (${c.durationMs} ms)`,
    })),
    ...events.map((e) => ({ at: e.epochMs - startEpochMs, text: `event ${e.type}` })),
  ].sort((a, b) => a.at - b.at);
  for (const l of lines) process.stderr.write(`${String(Math.round(l.at)).padStart(7)} ${l.text}\n`);
}

function callCounts(calls: CallRecord[]) {
  const count = (f: (c: CallRecord) => boolean) => calls.filter(f).length;
  return {
    total: calls.length,
    writes: count((c) => c.category === "writes"),
    reads: count((c) => c.category === "reads"),
    operationPolls: count((c) => /operation/i.test(c.resourceType)),
  };
}

/** The baseline against a fresh sandbox with the same profile, seed and timeScale. */
async function runBaseline() {
  const arm = await startArmSandbox({ profile: PROFILE, timeScale, seed });
  try {
    const planned = plan(validated(baselineBody), { defaultSubscriptionId: arm.subscriptionId });
    const run = await runSequential(arm, planned, pollIntervalSeconds * 1000);
    const { value: calls } = await arm.control.calls();
    return {
      ...run,
      resourceGroup: planned.resourceGroup,
      ideal: idealTimeline(planned, inputs),
      armCalls: callCounts(calls),
    };
  } finally {
    await arm.stop();
  }
}

const ours = await runOurs(values.cold === true);
const baseline = await runBaseline();
const idealMs = ours.ideal.criticalPathMs;
const efficiency = round(idealMs / ours.oursMs);
const vsSequential = round(ours.oursMs / baseline.wallMs);
const toProductionSeconds = (ms: number) => Math.round(ms / timeScale / 1000);
const result = {
  benchmark: "critical-path",
  request: "examples/dev-cluster.json",
  idealMs,
  oursMs: ours.oursMs,
  sequentialMs: baseline.wallMs,
  efficiency,
  vsSequential,
  goals: {
    efficiency: `>= ${GOALS.efficiency}`,
    vsSequential: `<= ${GOALS.vsSequential}`,
    efficiencyMet: efficiency >= GOALS.efficiency,
    vsSequentialMet: vsSequential <= GOALS.vsSequential,
  },
  settings: {
    profile: PROFILE,
    seed,
    timeScale,
    POLL_INTERVAL_SECONDS: pollIntervalSeconds,
    productionPollIntervalSeconds: production.pollIntervalSeconds,
    PROVISION_TIMEOUT_MINUTES: provisionTimeoutMinutes,
    sequentialUpdateIntervalInMs: round(pollIntervalSeconds * 1000, 1),
    sdkDefaultUpdateIntervalInMs: 2000,
    armRetryAfterSeconds: 0,
  },
  machine: { ...machine, loadAverageBefore, loadAverageAfter: loadAverage() },
  // The same figures at production speed (ms ÷ timeScale), in seconds.
  atProductionScaleSeconds: {
    ideal: toProductionSeconds(idealMs),
    ours: toProductionSeconds(ours.oursMs),
    sequential: toProductionSeconds(baseline.wallMs),
    oursOverIdeal: toProductionSeconds(ours.oursMs - idealMs),
  },
  ideal: ours.ideal,
  ours: {
    warmedUp: !values.cold,
    warmupMs: ours.warmupMs,
    instantArmMs: ours.instantArmMs,
    timeline: ours.timeline,
    eventsReceived: ours.events,
    armCalls: ours.armCalls,
  },
  sequential: {
    resourceGroup: baseline.resourceGroup,
    stepsDoneAtMs: baseline.stepsDoneAtMs,
    // Its own names give its own jitter: what ARM needs for its operations one after the other.
    idealMs: baseline.ideal.sequentialMs,
    overIdealMs: baseline.wallMs - baseline.ideal.sequentialMs,
    armCalls: baseline.armCalls,
  },
  // vsSequential against its bounds. The baseline's own names give its operations their own jitter (±15 % of a
  // 6-minute cluster is more than the parallel stage saves), so it is also shown on our names' durations: the
  // baseline's overhead ratio (sequentialMs / its idealMs) applied to our operations one after the other.
  vsSequentialBounds: {
    bestPossible: round(idealMs / baseline.ideal.sequentialMs),
    sameDurations: round(ours.oursMs / ((ours.ideal.sequentialMs * baseline.wallMs) / baseline.ideal.sequentialMs)),
    bestPossibleSameDurations: round(idealMs / ours.ideal.sequentialMs),
  },
};
const mark = (ok: boolean) => (ok ? "met" : "NOT met");
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  `critical-path: ours ${ours.oursMs} ms vs ideal ${idealMs} ms: efficiency ${efficiency} (goal >= ${GOALS.efficiency} ${mark(result.goals.efficiencyMet)}); sequential ${baseline.wallMs} ms: vsSequential ${vsSequential} (goal <= ${GOALS.vsSequential} ${mark(result.goals.vsSequentialMet)}, best possible ${result.vsSequentialBounds.bestPossible}); timeScale ${timeScale}, POLL_INTERVAL_SECONDS ${pollIntervalSeconds}, seed ${seed}, ${machine.nproc} cores\n`,
);
