import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { scheduleInstanceId } from "../../../src/request/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { provisioned } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { cronAt, instance, LEAD_MS, NEVER, poolPuts, runTimer, secondsFromNow, until } from "./scheduleHelpers.js";

// A short grace (6 s), so an occurrence is missed quickly; the timer runs only when the test runs it.
const settings = { SCHEDULE_TIMER: NEVER, SCHEDULE_GRACE_MINUTES: "0.1" };

/** Registered by schedules.test.ts, which runs the suites side by side. */
export const suite = () =>
  describe("the schedule timer and a missed occurrence", () => {
    let p: Provisioner;
    before(async () => {
      p = await Provisioner.start({ settings });
    });
    after(() => p.stop());

    it("an occurrence missed by more than the grace is skipped with one cluster.schedule.skipped, nothing applied", async () => {
      const at = secondsFromNow(LEAD_MS);
      const request = aRequest("missed");
      (request as Record<string, unknown>).schedules = [
        { name: "down", schedule: cronAt(at), timeZone: "UTC", action: { kind: "scale", pools: { apps: 1 } } },
      ];
      await provisioned(p, request);
      assert.ok(Date.now() < at.getTime(), "the cluster was provisioned before its occurrence");
      await p.arm.control.clearCalls();
      await runTimer(p); // the last run before the occurrence
      await until(new Date(at.getTime() + 6_000 + 3_000)); // the timer does not run while the occurrence is due
      await runTimer(p);
      await runTimer(p);
      const skippedEvents = () => p.eventsOf(request.requestId).filter((e) => e.type === "cluster.schedule.skipped");
      await waitFor(() => skippedEvents().length > 0, { timeoutMs: 10_000, message: "cluster.schedule.skipped" });
      await new Promise((r) => setTimeout(r, 1000)); // a duplicate would have arrived by now
      const skipped = skippedEvents();
      assert.equal(skipped.length, 1, "one event across both late runs");
      assert.deepEqual(
        { ...skipped[0]?.data, message: undefined },
        {
          scheduleName: "down",
          action: "scale",
          reason: "pastGrace",
          count: 1,
          firstOccurrence: at.toISOString(),
          lastOccurrence: at.toISOString(),
          message: undefined,
        },
      );
      assert.equal(await instance(p, scheduleInstanceId(request.requestId, "down", at)), undefined, "nothing started");
      assert.deepEqual(await poolPuts(p, "apps"), [], "no agent-pool write");
    });
  });
