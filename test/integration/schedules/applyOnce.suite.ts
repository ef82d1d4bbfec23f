import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import {
  ended,
  instance,
  poolPuts,
  provisionedWithOccurrence,
  runTimer,
  TIMER_SETTINGS,
  until,
} from "./scheduleHelpers.js";

/** Registered by schedules.test.ts, which runs the suites side by side. */
export const suite = () =>
  describe("the schedule timer applies an occurrence once", () => {
    let p: Provisioner;
    before(async () => {
      p = await Provisioner.start({ settings: TIMER_SETTINGS });
    });
    after(() => p.stop());

    it("applied exactly once across repeated runs, a SIGKILL restart of the devhost and a late run", async () => {
      const { at, request, instanceId } = await provisionedWithOccurrence(p, "once", { apps: 1 });
      assert.ok(Date.now() < at.getTime(), "the cluster was provisioned before its occurrence");
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
  });
