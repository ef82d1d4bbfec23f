import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { scheduleInstanceId } from "../../../src/request/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { finishedOperation, provisioned, startOperation } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import {
  instance,
  LEAD_MS,
  NEVER,
  poolPuts,
  runTimer,
  secondsFromNow,
  until,
  withSchedule,
} from "./scheduleHelpers.js";

// The schedule fires once, at a second computed from now (after the cluster is provisioned); the timer runs only
// when the test runs it. The grace is long enough for a devhost restart on a loaded machine.
const settings = { SCHEDULE_TIMER: NEVER, SCHEDULE_GRACE_MINUTES: "2" };

describe("the schedule timer and a scale that no longer fits", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start({ settings });
  });
  after(() => p.stop());

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
