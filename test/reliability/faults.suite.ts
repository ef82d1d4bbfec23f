import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Provisioner } from "../integration/provision/harness.js";
import { aRequest, taggedWith } from "../integration/provision/requests.js";
import { size } from "./size.js";

// Random transient faults on every ARM route (seeded by the sandbox): 10 % 5xx/429 and 5 % 409 in progress.
const RUNS = size(3, 10);

export function suite(): void {
  describe("faults: random transient ARM errors on every route are absorbed", () => {
    let p: Provisioner;
    before(async () => {
      p = await Provisioner.start({ arm: { seed: 14 } });
      const rule = { action: "error" as const, pathPattern: "^/subscriptions/" };
      await p.arm.control.addFault({ ...rule, status: 500, code: "InternalServerError", probability: 0.04 });
      await p.arm.control.addFault({ ...rule, status: 503, code: "ServiceUnavailable", probability: 0.03 });
      await p.arm.control.addFault({ ...rule, status: 429, code: "TooManyRequests", probability: 0.03 });
      await p.arm.control.addFault({
        ...rule,
        method: "PUT",
        status: 409,
        code: "AnotherOperationInProgress",
        message: "Another operation is in progress on the resource.",
        probability: 0.05,
      });
    });
    after(() => p?.stop());

    it(`${RUNS} provisionings under 10 % 5xx/429 and 5 % 409 in progress all succeed and leave nothing behind on failure`, async (t) => {
      const requests = Array.from({ length: RUNS }, () => aRequest("fault"));
      for (const r of requests) assert.equal((await p.api("POST", "clusters", r)).status, 202);
      const failed: string[] = [];
      for (const r of requests) {
        const status = await p.finished(r.requestId, 120_000);
        if (status.state !== "succeeded") {
          failed.push(`${r.requestId}: ${status.state} ${JSON.stringify(status.failure)}`);
          assert.deepEqual(await taggedWith(p, r.requestId), [], `left tagged after ${r.requestId}'s rollback`);
        }
      }
      const { value } = await p.arm.control.calls();
      const errors = value.filter((c) => Number(c.status) >= 409).length;
      assert.deepEqual(failed, [], "runs that did not succeed under transient faults");
      t.diagnostic(
        `faults: ${RUNS - failed.length}/${RUNS} succeeded; ${errors} of ${value.length} ARM calls answered an error`,
      );
    });
  });
}
