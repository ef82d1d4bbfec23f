import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { worstWriteWindow } from "../../helpers/writeWindows.js";
import { BUDGET, startBudgetBelowArm } from "../provision/budgetBelowArm.js";
import type { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";

// The registry's name check is a POST, which ARM counts as a write. The app's budget (8 burst, 8/s) sits below the
// sandbox's write throttle (12 burst, 12/s), so a burst of approval-gated requests must queue its name checks inside
// the app, not meet ARM's 429s (and take write tokens the provisionings' PUTs need).
const RUNS = 30;

describe("approval gate under a burst: the registry name checks draw from the write budget", () => {
  let p: Provisioner;
  before(async () => {
    p = await startBudgetBelowArm();
  });
  after(() => p.stop());

  it(`${RUNS} approval-gated requests at once: every one asks for its approval, and no window of the call log holds more name checks than the budget allows`, async () => {
    await p.arm.control.clearCalls();
    const requests = Array.from({ length: RUNS }, () => ({
      ...aRequest("names"),
      approval: { required: true, timeoutHours: 1 },
    }));
    const answers = await Promise.all(requests.map((r) => p.api("POST", "clusters", r)));
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [202]);
    const asked = () =>
      requests.filter((r) => p.eventsOf(r.requestId).some((e) => e.type === "cluster.approval.requested"));
    await waitFor(() => asked().length === RUNS, {
      timeoutMs: 90_000,
      intervalMs: 200,
      message: () => `${asked().length} of ${RUNS} asked for their approval`,
    });
    const { value } = await p.arm.control.calls();
    const writes = value.filter((c) => c.category === "writes");
    const checks = writes.filter((c) => /\/checkNameAvailability$/i.test(c.path));
    assert.equal(writes.length, checks.length, "before an approval, a run's only write is its name check");
    assert.equal(checks.filter((c) => c.status === 429).length, 0, "ARM throttled none of the name checks");
    assert.equal(checks.filter((c) => c.status === 200).length, RUNS, "one name check per run");
    // The token is taken right before the POST goes out (src/azure/writeGate.ts): 100 ms of that hop allowed.
    const worst = worstWriteWindow(
      checks.map((c) => c.atMs),
      BUDGET,
      100,
    );
    assert.ok(worst.excess <= 0, `a window holds ${worst.excess.toFixed(2)} writes beyond the budget`);
  });
});
