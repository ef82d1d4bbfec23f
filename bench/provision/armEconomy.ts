// Benchmark of ARM economy (issue 14): the ARM reads and writes one provisioning of examples/dev-cluster.json
// makes, from the sandbox's call log, against the minimum (bench/stats.ts armMinimum): one write per resource in
// the plan, one poll per poll interval per running operation. Goals: zero wasted writes, reads <= 1.5x minimum.
// Same start as critical-path: the harness, `realistic` profile, seed, timeScale, the poll interval scaled alike.
// Usage: npm run bench -- arm-economy [--time-scale 0.05] [--seed 1]  (docs/performance.md)
import { parseArgs } from "node:util";
import { plan, validateClusterRequest, writesOf } from "../../src/request/index.js";
import { Provisioner } from "../../test/integration/provision/harness.js";
import { example, finalEvents, machine, report, scaledPollSeconds } from "../common.js";
import { armMinimum, round } from "../stats.js";

const { values } = parseArgs({
  options: { "time-scale": { type: "string", default: "0.05" }, seed: { type: "string", default: "1" } },
});
const timeScale = Number(values["time-scale"]);
const seed = Number(values.seed);
const pollSeconds = scaledPollSeconds(timeScale);
const GOAL_READS_RATIO = 1.5;
const before = machine();

const p = await Provisioner.start({
  arm: { profile: "realistic", timeScale, seed },
  settings: { POLL_INTERVAL_SECONDS: String(pollSeconds), PROVISION_TIMEOUT_MINUTES: "5" },
});
try {
  const v = validateClusterRequest(example);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  const planned = plan(v.request, { defaultSubscriptionId: p.arm.subscriptionId });
  const planWrites = writesOf(planned).length;
  const res = await p.api("POST", "clusters", example);
  if (res.status !== 202) throw new Error(`POST: ${res.status} ${await res.text()}`);
  const outcome = (await finalEvents(p, [example.requestId], 300_000)).get(example.requestId);
  if (outcome !== "cluster.provisioned") throw new Error(`the provisioning ended ${outcome}`);
  const { value: calls } = await p.arm.control.calls();
  const { operations } = await p.arm.control.state();
  const ops = operations.filter((o) => o.kind !== "delete");
  const min = armMinimum(planWrites, ops, pollSeconds * 1000);
  const writes = calls.filter((c) => c.category === "writes");
  const reads = calls.filter((c) => c.category === "reads");
  // A wasted write is a PUT of a resource already written, or of one the plan does not have. POSTs (listing
  // credentials for the readiness check) change nothing in Azure: they are counted as actions, not writes.
  const putsPerPath = new Map<string, number>();
  for (const w of writes.filter((c) => c.method === "PUT"))
    putsPerPath.set(w.path.toLowerCase(), (putsPerPath.get(w.path.toLowerCase()) ?? 0) + 1);
  const repeated = [...putsPerPath].filter(([, n]) => n > 1).map(([path, n]) => ({ path, n }));
  const resourcePuts = [...putsPerPath.values()].reduce((s, n) => s + n, 0);
  const actions = writes.length - resourcePuts;
  const readsRatio = round(reads.length / min.reads, 2);
  const byType = (list: typeof calls) => {
    const out: Record<string, number> = {};
    for (const c of list) out[`${c.method} ${c.resourceType}`] = (out[`${c.method} ${c.resourceType}`] ?? 0) + 1;
    return out;
  };
  const wastedWrites = repeated.reduce((s, r) => s + r.n - 1, 0) + Math.max(0, putsPerPath.size - planWrites);
  const result = {
    benchmark: "arm-economy",
    request: "examples/dev-cluster.json",
    settings: { profile: "realistic", seed, timeScale, POLL_INTERVAL_SECONDS: pollSeconds },
    minimum: { ...min, operations: ops.length },
    actual: { resourcePuts, actions, reads: reads.length, total: calls.length },
    wastedWrites,
    readsRatio,
    repeatedWrites: repeated,
    writesByType: byType(writes),
    readsByType: byType(reads),
    goals: {
      wastedWrites: "0",
      readsRatio: `<= ${GOAL_READS_RATIO}`,
      wastedWritesMet: wastedWrites === 0,
      readsRatioMet: readsRatio <= GOAL_READS_RATIO,
    },
    machine: { ...before, loadAverageAfter: machine().loadAverage },
  };
  report(
    result,
    `arm-economy: ${resourcePuts} PUTs for a plan of ${planWrites} (wasted ${wastedWrites}: goal 0 ${wastedWrites === 0 ? "met" : "NOT met"}), ${actions} POST actions; reads ${reads.length} vs minimum ${min.reads}: ${readsRatio}x (goal <= ${GOAL_READS_RATIO} ${readsRatio <= GOAL_READS_RATIO ? "met" : "NOT met"}); timeScale ${timeScale}, seed ${seed}, load ${before.loadAverage[0]}`,
  );
} finally {
  await p.stop();
}
