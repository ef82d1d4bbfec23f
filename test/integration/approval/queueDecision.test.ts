import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { eventFor, QueueClient } from "../intake/queueHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { awaitingApproval, endedIn, writesIn } from "./approvalHelpers.js";

describe("approval over the request queue: approve and reject messages", () => {
  let p: Provisioner;
  let queue: QueueClient;
  before(async () => {
    p = await Provisioner.start();
    queue = new QueueClient(p);
  });
  after(async () => {
    await queue.close();
    await p.stop();
  });

  it("a queued request waits; an approve message (redelivered too) provisions it once", async () => {
    const request = { ...aRequest("qappr"), approval: { required: true, timeoutHours: 1 } };
    await queue.send(request);
    await awaitingApproval(p, request.requestId);
    const decision = { operation: "approve", requestId: request.requestId, body: { approver: "lead@contoso.com" } };
    const first = await queue.send(decision, { correlationId: `approve-${randomUUID()}` });
    const accepted = await eventFor(p, String(first.correlationId), "cluster.request.accepted");
    assert.equal(accepted.data.operation, "approve");
    assert.equal(accepted.data.instanceId, `provision-${request.requestId}`);
    const done = await endedIn(p, request.requestId, ["succeeded", "failed", "rolledBack"]);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.equal(done.approval?.approver, "lead@contoso.com");
    // The same decision sent again (another message id: a resend after a lost answer) is accepted, not rejected.
    const again = await queue.send(decision, { correlationId: `approve-${randomUUID()}` });
    assert.equal(
      (await eventFor(p, String(again.correlationId), "cluster.request.accepted")).data.operation,
      "approve",
    );
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"), 30_000);
    const count = (type: string) => p.eventsOf(request.requestId).filter((e) => e.type === type).length;
    assert.equal(count("cluster.approval.granted"), 1);
    assert.equal(count("cluster.provisioned"), 1);
  });

  it("a bad decision message is rejected with its problems and leaves the run waiting; a reject ends it", async () => {
    const request = { ...aRequest("qrej"), approval: { required: true, timeoutHours: 1 } };
    await queue.send(request);
    await awaitingApproval(p, request.requestId);
    const bad = await queue.send(
      { operation: "approve", requestId: request.requestId, body: { approver: 7 } },
      { correlationId: `bad-${randomUUID()}` },
    );
    const rejected = await eventFor(p, String(bad.correlationId), "cluster.request.rejected");
    assert.deepEqual(
      (rejected.data.errors as { path: string }[]).map((e) => e.path),
      ["approver"],
    );
    assert.equal((await p.status(request.requestId)).state, "awaitingApproval");

    const no = await queue.send(
      { operation: "reject", requestId: request.requestId, body: { approver: "finance@contoso.com" } },
      { correlationId: `reject-${randomUUID()}` },
    );
    await eventFor(p, String(no.correlationId), "cluster.request.accepted");
    assert.equal((await endedIn(p, request.requestId, ["rejected", "succeeded", "failed"])).state, "rejected");
    assert.deepEqual(await writesIn(p, request.resourceGroup), [], "a rejected request writes nothing");

    // Decided the other way: an approve now is refused with NotAwaitingApproval.
    const late = await queue.send(
      { operation: "approve", requestId: request.requestId, body: { approver: "lead@contoso.com" } },
      { correlationId: `late-${randomUUID()}` },
    );
    const refused = await eventFor(p, String(late.correlationId), "cluster.request.rejected");
    assert.equal(refused.data.code, "NotAwaitingApproval");
  });
});
