import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { scheduleInstanceId } from "../../../src/request/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { finishedOperation, provisioned, startOperation } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { cronAt, ended, instance, NEVER, poolPuts, runTimer, secondsFromNow, until } from "./scheduleHelpers.js";

// Each test's schedule fires once, at a second computed from now (after its cluster is provisioned); the timer runs
// only when a test runs it. The grace is long enough for a devhost restart on a loaded machine.
const settings = { SCHEDULE_TIMER: NEVER, SCHEDULE_GRACE_MINUTES: "2" };
const LEAD_MS = 40_000;

function withSchedule(label: string, at: Date, pools: Record<string, number>) {
  const request = aRequest(label);
  (request as Record<string, unknown>).schedules = [
    { name: "down", schedule: cronAt(at), timeZone: "UTC", action: { kind: "scale", pools } },
  ];
  return request;
}

describe("the schedule timer applies each occurrence once", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start({ settings });
  });
  after(() => p.stop());

  it("applied exactly once across repeated runs, a SIGKILL restart of the devhost and a late run", async () => {
    const at = secondsFromNow(LEAD_MS);
    const request = withSchedule("once", at, { apps: 1 });
    await provisioned(p, request);
    assert.ok(Date.now() < at.getTime(), "the cluster was provisioned before its occurrence");
    const instanceId = scheduleInstanceId(request.requestId, "down", at);
    await p.arm.control.clearCalls();

    await runTimer(p); // before the occurrence: nothing
    assert.equal(await instance(p, instanceId), undefined, "nothing before the occurrence");
    // The host is down when the occurrence passes; it comes back late, still inside the grace.
    await p.devhost.kill("SIGKILL");
    await until(new Date(at.getTime() + 2000));
    await p.startDevhost();
    await runTimer(p);
    await runTimer(p);
    await p.devhost.kill("SIGKILL");
    await p.startDevhost();
    await runTimer(p);
    const output = await ended(p, instanceId);
    assert.equal(output.state, "succeeded", JSON.stringify(output.failure));
    await runTimer(p); // after it ended: never started again

    assert.deepEqual(
      (await poolPuts(p, "apps")).map((c) => c.count),
      [1],
      "one agent-pool PUT across every run",
    );
    const scaledEvents = () => p.eventsOf(request.requestId).filter((e) => e.type === "cluster.scaled");
    await waitFor(() => scaledEvents().length > 0, { timeoutMs: 10_000, message: "cluster.scaled" });
    await new Promise((r) => setTimeout(r, 1000)); // a duplicate would have arrived by now
    const scaled = scaledEvents();
    assert.equal(scaled.length, 1, "one cluster.scaled");
    assert.deepEqual(scaled[0]?.data, {
      nodePool: "apps",
      fromCount: 2,
      toCount: 1,
      trigger: { kind: "schedule", scheduleName: "down" },
    });
    const again = await instance(p, instanceId);
    assert.equal(again?.runtimeStatus, "Completed", "the ended instance was not started over");
  });

  it("a busy cluster's occurrence waits for the running operation, then is applied after it", async () => {
    const at = secondsFromNow(LEAD_MS);
    const request = withSchedule("busy", at, { apps: 1 });
    await provisioned(p, request);
    const instanceId = scheduleInstanceId(request.requestId, "down", at);
    await p.arm.control.clearCalls();
    // A slow HTTP scale holds the lock across the occurrence.
    await p.arm.control.settings({ durationsMs: { poolScale: 12_000 } });
    await until(new Date(at.getTime() - 3000));
    const running = await startOperation(p, "POST", `clusters/${request.requestId}/scale`, { pools: { apps: 3 } });
    await until(new Date(at.getTime() + 1000));
    await runTimer(p);
    const waiting = await waitFor(
      async () => {
        const s = (await instance(p, instanceId))?.customStatus as
          | { steps?: { id: string; state: string; lastSeen?: string }[] }
          | undefined;
        return s?.steps?.find((x) => x.id === "lock" && x.state === "waiting");
      },
      { timeoutMs: 20_000, message: "the scheduled scale waiting for the lock" },
    );
    assert.match(waiting.lastSeen ?? "", new RegExp(`held by scale ops-${request.requestId}`));
    await p.arm.control.settings({ durationsMs: {} });
    const first = await finishedOperation(p, running.operationUrl, 60_000);
    assert.equal(first.state, "succeeded", JSON.stringify(first.failure));
    const output = await ended(p, instanceId);
    assert.equal(output.state, "succeeded", JSON.stringify(output.failure));
    assert.deepEqual(
      (output.steps as { id: string; state: string }[]).map((s) => [s.id, s.state]),
      [
        ["lock", "succeeded"],
        ["pool:apps", "succeeded"],
      ],
    );
    assert.deepEqual(
      (await poolPuts(p, "apps")).map((c) => c.count),
      [3, 1],
      "the request's scale first, then the schedule's",
    );
    const live = await p
      .sdkClients()
      .containerService.agentPools.get(request.resourceGroup, request.cluster.name, "apps");
    assert.equal(live.count, 1);
  });

  it("a scale whose pool was removed since is skipped with one cluster.schedule.skipped (invalidAction), not a crash", async () => {
    const at = secondsFromNow(LEAD_MS);
    const request = withSchedule("gone", at, { apps: 1 });
    await provisioned(p, request);
    const removal = await startOperation(p, "DELETE", `clusters/${request.requestId}/pools/apps`);
    assert.equal((await finishedOperation(p, removal.operationUrl)).state, "succeeded");
    await p.arm.control.clearCalls();
    await until(new Date(at.getTime() + 1000));
    await runTimer(p);
    await runTimer(p);
    const skippedEvents = () => p.eventsOf(request.requestId).filter((e) => e.type === "cluster.schedule.skipped");
    await waitFor(() => skippedEvents().length > 0, { timeoutMs: 10_000, message: "cluster.schedule.skipped" });
    await new Promise((r) => setTimeout(r, 1000)); // a duplicate would have arrived by now
    const skipped = skippedEvents();
    assert.equal(skipped.length, 1, "one event across both runs (the same message id)");
    assert.equal(skipped[0]?.data.reason, "invalidAction");
    assert.equal(skipped[0]?.data.firstOccurrence, at.toISOString());
    assert.match(String(skipped[0]?.data.message), /apps/);
    assert.equal(await instance(p, scheduleInstanceId(request.requestId, "down", at)), undefined, "nothing started");
    assert.deepEqual(await poolPuts(p, "apps"), [], "no agent-pool write");
  });
});
