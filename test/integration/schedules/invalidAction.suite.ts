import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { finishedOperation, startOperation } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { instance, poolPuts, provisionedWithOccurrence, runTimer, TIMER_SETTINGS, until } from "./scheduleHelpers.js";

/** Registered by schedules.test.ts, which runs the suites side by side. */
export const suite = () =>
  describe("the schedule timer and a scale that no longer fits", () => {
    let p: Provisioner;
    before(async () => {
      p = await Provisioner.start({ settings: TIMER_SETTINGS });
    });
    after(() => p.stop());

    it("a scale whose pool was removed since is skipped with one cluster.schedule.skipped (invalidAction), not a crash", async () => {
      const { at, request, instanceId } = await provisionedWithOccurrence(p, "gone", { apps: 1 });
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
      assert.equal(await instance(p, instanceId), undefined, "nothing started");
      assert.deepEqual(await poolPuts(p, "apps"), [], "no agent-pool write");
    });
  });
