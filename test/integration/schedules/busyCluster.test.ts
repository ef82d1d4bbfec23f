import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { scheduleInstanceId } from "../../../src/request/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { finishedOperation, provisioned, startOperation } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import {
  ended,
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

describe("the schedule timer and a busy cluster", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start({ settings });
  });
  after(() => p.stop());

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
});
