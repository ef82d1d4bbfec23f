import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { budgetedWrites, worstWriteWindow } from "../../helpers/writeWindows.js";
import { Provisioner } from "../provision/harness.js";
import { example } from "../provision/requests.js";
import { finishedOperation, startOperation } from "./operationHelpers.js";

// The app's budget (8 burst, 8/s) sits below the sandbox's throttle (16 burst, 12/s): 50 scale operations at once
// must queue inside the app, never in ARM's 429s. Each write takes its token right before it is sent
// (src/azure/writeGate.ts); the window check below still allows 1 s of lag (8 writes at 8/s), as it did when the
// budget granted a write an activity before it reached ARM. The instant profile keeps it short.
const BUDGET = { burst: 8, perSecond: 8 };
const CLUSTERS = 50;

describe("50 scale operations across 50 clusters under ARM's throttling", () => {
  let p: Provisioner;
  const ids = Array.from({ length: CLUSTERS }, (_, i) => `CHG-scale-load-${i}`);
  before(async () => {
    p = await Provisioner.start({
      // 50 clusters of 2 nodes need more than a new subscription's 100 regional vCPUs.
      arm: { quota: { regionalVcpus: 1000 } },
      settings: { ARM_WRITE_BURST: String(BUDGET.burst), ARM_WRITE_RATE: String(BUDGET.perSecond) },
    });
    await p.arm.control.throttle({ writes: { burst: 16, perSecond: 12 } });
    const responses = await Promise.all(
      ids.map((requestId, i) =>
        p.api("POST", "clusters", {
          ...example("minimal.json"),
          requestId,
          resourceGroup: `rg-scale-load-${i}`,
          cluster: { name: `scale-load-${i}` },
        }),
      ),
    );
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [202]);
    const states = await waitFor(
      async () => {
        const all = await Promise.all(ids.map((id) => p.status(id)));
        return all.every((s) => ["succeeded", "failed", "rolledBack"].includes(s.state)) ? all : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 500, message: "not every provisioning finished" },
    );
    assert.deepEqual(
      states.filter((s) => s.state !== "succeeded").map((s) => s.requestId),
      [],
    );
  });
  after(() => p.stop());

  it("all succeed; ARM throttles none of their writes and no window holds more writes than the budget allows", async () => {
    await p.arm.control.clearCalls();
    const started = await Promise.all(
      ids.map((id) => startOperation(p, "POST", `clusters/${id}/scale`, { pools: { system: 2 } })),
    );
    const done = await Promise.all(started.map((s) => finishedOperation(p, s.operationUrl, 120_000)));
    assert.deepEqual(
      done.filter((d) => d.state !== "succeeded").map((d) => [d.operationId, d.failure]),
      [],
      "every scale succeeded",
    );
    const { value } = await p.arm.control.calls();
    const writes = budgetedWrites(value);
    assert.equal(value.filter((c) => c.status === 429).length, 0, "ARM throttled none of our calls");
    assert.equal(value.filter((c) => c.code === "OperationNotAllowed").length, 0);
    const poolPuts = writes.filter((c) => c.method === "PUT" && /\/agentpools\/system$/i.test(c.path));
    assert.equal(poolPuts.length, CLUSTERS, "one pool PUT per cluster");
    // 1 s of lag allowed (test/integration/operations/writeBudget.test.ts holds the budget to 100 ms): 50 unbudgeted
    // writes would still exceed it by far. ARM's own word, no 429 above, is the hard limit.
    const worst = worstWriteWindow(
      writes.map((c) => c.atMs),
      BUDGET,
      1000,
    );
    assert.ok(worst.excess <= 0, `writes ${worst.from}..${worst.to} exceed the budget by ${worst.excess.toFixed(1)}`);
    const counts = await Promise.all(
      ids.map(async (id) => ((await p.status(id)).pools as { name: string; count: number }[])[0]?.count),
    );
    assert.deepEqual([...new Set(counts)], [2], "every status shows the new count");
  });
});
