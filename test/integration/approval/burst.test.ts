import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";

// More preflights at once than ARM's read bucket holds: each reads the group, the planned resources, the SKUs, the
// usages and the versions, so some reads are throttled (429) past the SDK's own retries.
const BURST = 40;

describe("approval gate under a burst: ARM throttling the preflights' reads refuses nothing", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start({ arm: { throttle: { reads: { burst: 60, perSecond: 20 } } } });
  });
  after(() => p.stop());

  it(`${BURST} approval-gated requests at once: every one asks for its approval, none is refused`, async () => {
    const requests = Array.from({ length: BURST }, () => ({
      ...aRequest("burst"),
      approval: { required: true, timeoutHours: 1 },
    }));
    const answers = await Promise.all(requests.map((r) => p.api("POST", "clusters", r)));
    assert.deepEqual(
      answers.map((a) => a.status),
      requests.map(() => 202),
    );
    const ids = requests.map((r) => r.requestId);
    const outcome = (type: string) => ids.filter((id) => p.eventsOf(id).some((e) => e.type === type)).length;
    await waitFor(() => outcome("cluster.approval.requested") + outcome("cluster.provisioning.failed") === BURST, {
      timeoutMs: 120_000,
      intervalMs: 200,
      message: () =>
        `${outcome("cluster.approval.requested")} asked, ${outcome("cluster.provisioning.failed")} refused`,
    });
    const throttled = (await p.arm.control.calls()).value.filter((c) => c.status === 429).length;
    assert.ok(throttled > 0, "the burst was throttled (otherwise this proves nothing)");
    assert.equal(outcome("cluster.provisioning.failed"), 0, "no request refused for ARM's throttling");
    assert.equal(outcome("cluster.approval.requested"), BURST);
  });
});
