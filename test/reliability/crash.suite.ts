import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { plan, validateClusterRequest } from "../../src/request/index.js";
import { duplicateWrites, unplannedResources } from "../helpers/armLedger.js";
import { EventLedger } from "../helpers/eventLedger.js";
import { killMoments } from "../helpers/seededRandom.js";
import { waitFor } from "../helpers/waitFor.js";
import { type CrashablePart, Provisioner } from "../integration/provision/harness.js";
import { aRequest } from "../integration/provision/requests.js";
import { LONG, size } from "./size.js";

// Long operations take a while (× `slow`), so kills land in the middle of them; in the long form the runs must
// outlast 20 kills and their restarts (a devhost takes several seconds to start again on a loaded machine).
const durationsMs = (slow: number) => ({
  virtualNetwork: 400 * slow,
  registry: 600 * slow,
  disk: 400 * slow,
  clusterCreate: 1500 * slow,
  poolCreate: 1200 * slow,
  nodeReady: 500 * slow,
});

/** Which parts are crashed (in turn), under how many runs, how many kills, how long up between kills and down after each. */
interface CrashSchedule {
  parts: CrashablePart[];
  /** Multiplies ARM's operation durations. */
  slow: number;
  runs: number;
  kills: number;
  /** Up time before each kill, ms: min + random × spread. */
  upMs: [number, number];
  /** Down time after each kill, ms, per part (events published, ARM calls sent meanwhile must be retried). */
  downMs: Record<CrashablePart, [number, number]>;
}

const DOWN_MS: Record<CrashablePart, [number, number]> = { devhost: [0, 0], broker: [300, 1500], arm: [100, 1000] };

// The short form (inside `npm test`) kills each part once under 3 runs, all in one sandbox; the long form kills each
// part 20 times under 10 runs, one sandbox per part.
const SCHEDULES: CrashSchedule[] = LONG
  ? (["devhost", "broker", "arm"] as const).map((part) => ({
      parts: [part],
      // Slow enough that all 20 kills land while runs go on (a devhost restart takes 5-9 s on a loaded machine).
      slow: part === "devhost" ? 80 : 20,
      runs: 10,
      kills: 20,
      upMs: [200, 1500],
      downMs: DOWN_MS,
    }))
  : [{ parts: ["arm", "broker", "devhost"], slow: 1, runs: 3, kills: 3, upMs: [200, 1200], downMs: DOWN_MS }];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function crashRestart({ parts, slow, runs, kills, upMs, downMs }: CrashSchedule): void {
  const named = parts.join(", ");
  const broker = parts.includes("broker");
  describe(`crash-restart: the ${named} SIGKILLed and restarted under ${runs} concurrent provisionings`, () => {
    let p: Provisioner;
    let ledger: EventLedger;
    before(async () => {
      p = await Provisioner.start({
        arm: { durationsMs: durationsMs(slow) },
        // A run outlives an unreachable ARM for the activities' retry window, 15 poll intervals (150 s at the
        // default 10 s); the tests' 0.05 s would make that 1.5 s, shorter than a restart takes here. An unreachable
        // broker needs no such help: events wait in the run's outbox (src/orchestrators/outbox.ts).
        ...(parts.includes("arm") ? { settings: { POLL_INTERVAL_SECONDS: "1" } } : {}),
        processes: { arm: parts.includes("arm"), broker },
      });
      ledger = new EventLedger(p.broker.connectionString);
    });
    after(async () => {
      await ledger?.close();
      await p?.stop();
    });

    it(`${kills} kills at seeded random moments: every run completes, nothing duplicated, nothing lost`, {
      timeout: size(180_000, 1_800_000),
    }, async (t) => {
      const random = killMoments(t);
      const between = ([min, max]: [number, number]) => Math.round(min + random() * (max - min));
      const requests = Array.from({ length: runs }, () => aRequest("crash"));
      const ids = requests.map((r) => r.requestId);
      const submitted = Date.now();
      for (const r of requests) assert.equal((await p.api("POST", "clusters", r)).status, 202);

      // Kill only while something runs: a kill after the last run ended proves nothing.
      const moments: string[] = [];
      const restartMs: number[] = [];
      for (let i = 0; i < kills; i++) {
        await sleep(between(upMs));
        const states = await Promise.all(ids.map((id) => p.status(id).then((s) => s.state)));
        if (states.every((s) => s !== "accepted" && s !== "running")) break;
        const part = parts[i % parts.length] as CrashablePart;
        const down = between(downMs[part]);
        moments.push(`${part}@${Date.now() - submitted}${down ? `+${down}` : ""}`);
        const killed = Date.now();
        await p.crash(part, down);
        restartMs.push(Date.now() - killed - down);
      }
      t.diagnostic(`kill moments (ms after submit, +down ms): ${moments.join(" ")}`);
      t.diagnostic(`restart took (ms, from the kill, beyond the down time): ${restartMs.join(" ")}`);

      const problems: string[] = [];
      for (const r of requests) {
        const status = await p.finished(r.requestId, size(120_000, 300_000));
        if (status.state !== "succeeded")
          problems.push(`run ${r.requestId} ended ${status.state}: ${JSON.stringify(status.failure)}`);
      }
      // A lock held when the broker died is redelivered only once it expires (PT1M on the subscription).
      await waitFor(() => ledger.findings("cluster.provisioned", ids).lost.length === 0, {
        timeoutMs: broker ? 90_000 : 20_000,
      }).catch(() => {});
      await sleep(500); // a duplicate would have arrived by now
      const events = ledger.findings("cluster.provisioned", ids);
      for (const id of events.lost) problems.push(`cluster.provisioned of ${id} never received (lost)`);
      for (const d of events.duplicated)
        problems.push(`cluster.provisioned of ${d.requestId} received under ${d.messageIds.join(", ")}`);
      // Only a broker crash may redeliver (at-least-once); anything else delivering twice is a duplicate.
      if (!broker && events.redeliveries > 0)
        problems.push(`${events.redeliveries} cluster.provisioned redelivered with no broker crash`);

      const writes = duplicateWrites((await p.arm.control.calls()).value);
      for (const w of writes.rewrites)
        problems.push(`${w.resourceId} created again: ${w.puts} PUTs with ${w.bodies} different bodies`);
      const { resources } = await p.arm.control.state();
      let duplicateResources = writes.rewrites.length;
      for (const r of requests) {
        const validated = validateClusterRequest(r);
        assert.ok(validated.ok, `${r.requestId} is valid`);
        const found = unplannedResources(
          r.requestId,
          plan(validated.request, { defaultSubscriptionId: p.arm.subscriptionId }),
          resources,
        );
        for (const id of found.unplanned) problems.push(`${r.requestId}: unplanned resource ${id}`);
        for (const id of found.missing) problems.push(`${r.requestId}: planned resource ${id} missing`);
        const { found: roles, planned } = found.roleAssignments;
        if (roles !== planned) problems.push(`${r.requestId}: ${roles} role assignments, ${planned} planned`);
        duplicateResources += found.unplanned.length + Math.max(0, roles - planned);
      }

      const completed = runs - problems.filter((m) => m.startsWith("run ")).length;
      assert.deepEqual(problems, [], `after ${moments.length} kills of the ${named}`);
      t.diagnostic(`ARM: ${writes.creates} resources PUT, ${writes.resent} same-body re-sends`);
      t.diagnostic(
        `crash-restart: ${moments.length} ${named} kills (of ${kills} planned${LONG ? "" : ", short form"}), ${completed}/${runs} runs completed, ` +
          `${duplicateResources} duplicate resources, ${events.duplicated.length} duplicate events, ` +
          `${events.lost.length} lost (${events.redeliveries} redeliveries)`,
      );
    });
  });
}

// CRASH_PARTS=broker (comma-separated) runs only the schedules that kill those parts, to replay one of them.
const ONLY = process.env.CRASH_PARTS?.split(",").filter(Boolean);

// One schedule after the other: each kill's restart has the machine's attention.
export function suite(): void {
  describe("crash-restart: SIGKILL and restart each part under concurrent provisionings", () => {
    for (const schedule of SCHEDULES)
      if (!ONLY || schedule.parts.some((part) => ONLY.includes(part))) crashRestart(schedule);
  });
}
