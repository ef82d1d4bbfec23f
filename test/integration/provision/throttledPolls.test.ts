import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Provisioner } from "./harness.js";
import { aRequest } from "./requests.js";

// An operation's status URL: AKS / Network `…/operations/{id}` (and `operationresults`), ACR `…/operationStatuses/…`.
const POLL = /\/(operations|operationresults|operationStatuses)\//i;

describe("a call ARM throttles frees its activity slot: answered, and looked at again on a durable timer", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());

  it("a poll: the run succeeds, and no throttled poll is sent again under its client request id", async () => {
    // The first polls of the operations' status are throttled, as ARM answers when its read bucket is empty
    // (injected, so it does not hang on the machine's pace).
    await p.arm.control.addFault({
      action: "error",
      method: "GET",
      pathPattern: "/(operations|operationresults|operationStatuses)/",
      status: 429,
      code: "SubscriptionRequestsThrottled",
      count: 4,
    });
    const request = aRequest("throttled-polls");
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    const status = await p.finished(request.requestId, 120_000);
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    const calls = (await p.arm.control.calls()).value;
    const polls = calls.filter((c) => c.method === "GET" && POLL.test(c.path));
    const throttled = polls.filter((c) => c.status === 429);
    assert.equal(throttled.length, 4, "the polls throttled");
    // The SDK's retry policy would resend a 429'd request under the same id after its Retry-After, the activity
    // holding its slot meanwhile; answered instead, the next look is a new activity's request.
    const sent = new Map<string, number>();
    for (const c of polls) if (c.clientRequestId) sent.set(c.clientRequestId, (sent.get(c.clientRequestId) ?? 0) + 1);
    const resent = throttled.filter((c) => (sent.get(c.clientRequestId ?? "") ?? 0) > 1);
    assert.deepEqual(
      resent.map((c) => c.path),
      [],
      `${resent.length} of ${throttled.length} throttled polls were retried by the SDK inside their activity`,
    );
  });

  it("a write's existence read: deferred past the Retry-After, not sent again under its client request id", async () => {
    const request = aRequest("throttled-reads");
    const disk = `/providers/Microsoft.Compute/disks/${request.disks[0]?.name}$`;
    await p.arm.control.addFault({
      action: "error",
      method: "GET",
      pathPattern: disk,
      status: 429,
      code: "SubscriptionRequestsThrottled",
      count: 2,
    });
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    const status = await p.finished(request.requestId, 120_000);
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    const calls = (await p.arm.control.calls()).value.filter((c) => new RegExp(disk, "i").test(c.path));
    const throttled = calls.filter((c) => c.method === "GET" && c.status === 429);
    assert.equal(throttled.length, 2, "the disk's reads throttled");
    const ids = calls.map((c) => c.clientRequestId);
    const resent = throttled.filter((c) => ids.filter((id) => id === c.clientRequestId).length > 1);
    assert.deepEqual(resent, [], "a throttled read was retried by the SDK inside its activity");
    assert.equal(calls.filter((c) => c.method === "PUT" && c.status < 300).length, 1, "one PUT of the disk");
  });
});
