import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { writeBudgetTable } from "../../../src/activities/writeBudgetTable.js";
import { waitFor } from "../../helpers/waitFor.js";
import { budgetedWrites, worstWriteWindow } from "../../helpers/writeWindows.js";
import { BUDGET, startBudgetBelowArm } from "../provision/budgetBelowArm.js";
import type { Provisioner } from "../provision/harness.js";
import { example } from "../provision/requests.js";

// The app's budget (8 burst, 8/s) sits below the sandbox's throttle (12 burst, 12/s): 30 runs at once must queue
// inside the app, never in ARM's 429s.
const RUNS = 30;

describe("one ARM write budget for every run", () => {
  let p: Provisioner;
  before(async () => {
    p = await startBudgetBelowArm();
  });
  after(() => p.stop());

  it(`${RUNS} provisionings submitted at once all succeed, ARM throttles none of their writes, and no window of the call log holds more writes than the budget allows`, async () => {
    await p.arm.control.clearCalls();
    const ids = Array.from({ length: RUNS }, (_, i) => `CHG-budget-${i}`);
    const responses = await Promise.all(
      ids.map((requestId, i) =>
        p.api("POST", "clusters", {
          ...example("minimal.json"),
          requestId,
          resourceGroup: `rg-budget-${i}`,
          cluster: { name: `budget-${i}` },
        }),
      ),
    );
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [202]);
    const states = await waitFor(
      async () => {
        const all = await Promise.all(ids.map((id) => p.status(id)));
        return all.every((s) => ["succeeded", "failed", "rolledBack"].includes(s.state)) ? all : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, message: "not every run finished" },
    );
    assert.deepEqual(
      states.filter((s) => s.state !== "succeeded").map((s) => [s.requestId, s.state, s.failure]),
      [],
      "every run succeeded",
    );
    const { value } = await p.arm.control.calls();
    const writes = budgetedWrites(value);
    assert.equal(writes.filter((c) => c.status === 429).length, 0, "ARM throttled none of our writes");
    assert.ok(writes.length >= RUNS * 2, `each run wrote its group and cluster (${writes.length} writes)`);
    // Each write takes its token right before it is sent (src/azure/writeGate.ts): only the hop to ARM lies between,
    // a few ms, more while 30 runs start at once on a loaded machine — 100 ms of it allowed.
    const worst = worstWriteWindow(
      writes.map((c) => c.atMs),
      BUDGET,
      100,
    );
    assert.ok(worst.excess <= 0, `writes ${worst.from}..${worst.to} exceed the budget by ${worst.excess.toFixed(1)}`);
  });

  it("a 429 that still arrives is waited out (the SDK honours Retry-After) and drains the subscription's budget", async () => {
    const body = {
      ...example("minimal.json"),
      requestId: "CHG-throttled",
      resourceGroup: "rg-throttled",
      cluster: { name: "throttled" },
    };
    await p.arm.control.addFault({
      action: "error",
      method: "PUT",
      pathPattern: "/resourcegroups/rg-throttled$",
      status: 429,
      code: "SubscriptionRequestsThrottled",
      count: 1,
    });
    try {
      const before = Date.now();
      await p.api("POST", "clusters", body);
      const status = await p.finished(body.requestId);
      assert.equal(status.state, "succeeded");
      const table = writeBudgetTable(
        { connectionString: p.azurite.connectionString, clusterTableName: "clusters" },
        {
          getToken: async () => null,
        },
      );
      const budget = await table.read(p.arm.subscriptionId);
      assert.ok(
        (budget?.blockedUntilMs ?? 0) >= before + 1000,
        `drained until ARM's wait was over: ${JSON.stringify(budget)}`,
      );
    } finally {
      await p.arm.control.clearFaults();
    }
  });
});
