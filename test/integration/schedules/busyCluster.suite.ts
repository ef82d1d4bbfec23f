import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { finishedOperation, startOperation } from "../operations/operationHelpers.js";
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
  describe("the schedule timer and a busy cluster", () => {
    let p: Provisioner;
    before(async () => {
      p = await Provisioner.start({ settings: TIMER_SETTINGS });
    });
    after(() => p.stop());

    it("a busy cluster's occurrence waits for the running operation, then is applied after it", async () => {
      const { at, request, instanceId } = await provisionedWithOccurrence(p, "busy", { apps: 1 });
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
  });
