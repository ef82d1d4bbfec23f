import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { provisionInstanceId } from "../../../src/orchestrators/provisionInput.js";
import { waitFor } from "../../helpers/waitFor.js";
import { finishedOperation } from "../operations/operationHelpers.js";
import { loggedWrites } from "../provision/armWrites.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import {
  devhostFaults,
  eventFor,
  eventsCorrelated,
  instancesWithPrefix,
  QueueClient,
  setDevhostFaults,
} from "./queueHelpers.js";

// The whole product with nothing but Service Bus between it and the integration: requests in on the queue, every
// answer out on the topic, correlated by the message's ids.
describe("intake over Service Bus: the request queue", () => {
  let p: Provisioner;
  let queue: QueueClient;
  let provisioned: ReturnType<typeof aRequest>;
  before(async () => {
    p = await Provisioner.start();
    queue = new QueueClient(p);
  });
  after(async () => {
    await queue.close();
    await p.stop();
  });

  /** Waits until the queue holds no message (each was completed or dead-lettered). */
  const drained = () => waitFor(async () => (await queue.waiting()).length === 0, { timeoutMs: 30_000 });

  it("provisions a queued request; a subscriber gets accepted → provisioning.started → progress… → provisioned, each with the message's correlation id", async () => {
    provisioned = aRequest("queued");
    const correlationId = `ticket-${randomUUID()}`;
    const { messageId } = await queue.send(provisioned, { correlationId });
    await eventFor(p, correlationId, "cluster.provisioned");
    const events = eventsCorrelated(p, correlationId);
    const types = events.map((e) => e.type);
    assert.equal(types[0], "cluster.request.accepted", types.join(" "));
    assert.equal(types[1], "cluster.provisioning.started", types.join(" "));
    assert.equal(types.at(-1), "cluster.provisioned", types.join(" "));
    assert.ok(
      types.slice(2, -1).every((t) => t === "cluster.provisioning.progress"),
      types.join(" "),
    );
    assert.ok(types.length > 4, "progress events in between");
    assert.equal(types.filter((t) => t === "cluster.request.accepted").length, 1, "one acceptance");
    for (const e of events) {
      assert.equal(e.requestId, provisioned.requestId);
      assert.equal((e.event as unknown as { correlationid?: string }).correlationid, correlationId, e.type);
    }
    const accepted = events[0]?.data as Record<string, string>;
    assert.equal(accepted.operation, "provision");
    assert.equal(accepted.instanceId, provisionInstanceId(provisioned.requestId));
    // The links answer: the status is the run's.
    const status = await fetch(accepted.statusUrl as string, { headers: { "x-functions-key": p.key } });
    assert.equal(status.status, 200);
    assert.equal(((await status.json()) as { state: string }).state, "succeeded");
    await drained();
    assert.equal((await queue.deadLettered()).length, 0);
    assert.ok(messageId);
  });

  it("the same request sent twice (two message ids) and a redelivery after an abandon: one run, one cluster.provisioned, one acceptance per message", async () => {
    const request = aRequest("twice");
    await p.arm.control.clearCalls();
    // The first message handled is abandoned after its start (a host that lost the lock): Service Bus delivers it again.
    await setDevhostFaults(p, { abandonAfterSuccess: { queueIntake: 1 } });
    const first = await queue.send(request);
    const second = await queue.send(request);
    await eventFor(p, first.messageId, "cluster.request.accepted");
    await eventFor(p, second.messageId, "cluster.request.accepted");
    await p.finished(request.requestId);
    await drained();
    assert.equal((await devhostFaults(p)).abandonAfterSuccess?.queueIntake, 0, "one message was delivered again");
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"), 30_000);

    const runs = (await instancesWithPrefix(p, provisionInstanceId(request.requestId))).filter(
      (i) => !i.instanceId.includes(":"),
    );
    assert.equal(runs.length, 1);
    const provisionedEvents = p.eventsOf(request.requestId).filter((e) => e.type === "cluster.provisioned");
    assert.equal(provisionedEvents.length, 1);
    for (const { messageId } of [first, second]) {
      const accepted = eventsCorrelated(p, messageId).filter((e) => e.type === "cluster.request.accepted");
      assert.equal(accepted.length, 1, `one acceptance for ${messageId}`);
    }
    const clusterPuts = (await loggedWrites(p.arm)).filter(
      (w) => w.startsWith("PUT ") && w.endsWith(`/managedclusters/${request.cluster.name}`),
    );
    assert.equal(clusterPuts.length, 1, "the cluster is written once");
    assert.equal((await queue.deadLettered()).length, 0);
  });

  it("runs day-2 operations from the queue (stop, then start); a redelivered stop starts nothing", async () => {
    const { requestId } = provisioned;
    await setDevhostFaults(p, { abandonAfterSuccess: { queueIntake: 1 } });
    const stop = await queue.send({ operation: "stop", requestId }, { correlationId: `stop-${randomUUID()}` });
    const stopCorrelation = stop.correlationId as string;
    const accepted = await eventFor(p, stopCorrelation, "cluster.request.accepted");
    const data = accepted.data as { operation: string; operationId: string; operationUrl: string; instanceId: string };
    assert.equal(data.operation, "stop");
    const done = await finishedOperation(p, data.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    await eventFor(p, stopCorrelation, "cluster.stopped");
    await drained();
    assert.equal((await devhostFaults(p)).abandonAfterSuccess?.queueIntake, 0, "the stop was delivered again");

    const start = await queue.send({ operation: "start", requestId });
    const started = await eventFor(p, start.messageId, "cluster.request.accepted");
    const startData = started.data as { operationId: string; operationUrl: string };
    assert.notEqual(startData.operationId, data.operationId);
    assert.equal((await finishedOperation(p, startData.operationUrl)).state, "succeeded");
    await eventFor(p, start.messageId, "cluster.started");

    const status = (await p.status(requestId)) as unknown as { operations: { operationId: string; kind: string }[] };
    assert.deepEqual(
      status.operations.map((o) => o.kind),
      ["start", "stop"],
      "one stop despite the redelivery, then the start",
    );
    const stopped = p.eventsOf(requestId).filter((e) => e.type === "cluster.stopped");
    assert.equal(stopped.length, 1);
    for (const e of eventsCorrelated(p, stopCorrelation)) assert.equal(e.requestId, requestId);
    assert.ok(eventsCorrelated(p, stopCorrelation).some((e) => e.type === "cluster.operation.progress"));
  });

  it("rejects invalid messages with one cluster.request.rejected each, listing every problem; nothing starts, nothing is written, every message is completed", async () => {
    await p.arm.control.clearCalls();
    const bad = aRequest("bad");
    (bad as Record<string, unknown>).location = "atlantis";
    (bad.nodePools as unknown as { name: string }[])[0] = { name: "Bad_Name" } as never;
    const http = await p.api("POST", "clusters/plan", bad);
    assert.equal(http.status, 400);
    const httpProblems = ((await http.json()) as { error: { details: unknown[] } }).error.details;

    const badScale = { pools: { nosuchpool: 2, user: -1 } };
    const cases: { body: unknown; code: string; operation?: string; requestId?: string }[] = [
      { body: "{not json", code: "InvalidJson" },
      { body: bad, code: "InvalidRequest", operation: "provision", requestId: bad.requestId },
      { body: { operation: "resize", requestId: provisioned.requestId }, code: "InvalidRequest", operation: "resize" },
      { body: { operation: "stop", requestId: "CHG-nobody" }, code: "NotFound", operation: "stop" },
      {
        body: { operation: "scale", requestId: provisioned.requestId, body: badScale },
        code: "InvalidRequest",
        operation: "scale",
      },
      // The same id with another body: the id is in use.
      { body: { ...provisioned, tags: { other: "body" } }, code: "RequestIdInUse", operation: "provision" },
    ];
    const sent = [];
    for (const c of cases) sent.push({ ...c, ...(await queue.send(c.body)) });
    for (const c of sent) await eventFor(p, c.messageId, "cluster.request.rejected");
    await drained();
    assert.equal((await queue.deadLettered()).length, 0, "nothing dead-lettered: a bad request is not retried");

    for (const c of sent) {
      const events = eventsCorrelated(p, c.messageId);
      assert.deepEqual(
        events.map((e) => e.type),
        ["cluster.request.rejected"],
        `exactly one rejection for ${c.code}`,
      );
      const data = events[0]?.data as { code: string; operation?: string; errors: { path: string; code?: string }[] };
      assert.equal(data.code, c.code, JSON.stringify(data));
      assert.equal(data.operation, c.operation);
      assert.ok(data.errors.length > 0);
    }
    const invalid = eventsCorrelated(p, sent[1]?.messageId as string)[0]?.data as { errors: unknown[] };
    assert.deepEqual(invalid.errors, httpProblems, "every problem, as HTTP lists them");
    const scale = eventsCorrelated(p, sent[4]?.messageId as string)[0]?.data as { errors: unknown[] };
    const httpScale = await p.api("POST", `clusters/${provisioned.requestId}/scale`, badScale);
    assert.equal(httpScale.status, 400);
    assert.deepEqual(scale.errors, ((await httpScale.json()) as { error: { details: unknown[] } }).error.details);
    assert.equal(eventsCorrelated(p, sent[0]?.messageId as string)[0]?.requestId, "", "no request id, yet correlated");

    assert.deepEqual(await instancesWithPrefix(p, provisionInstanceId(bad.requestId)), []);
    assert.deepEqual(await loggedWrites(p.arm), [], "no ARM write");
  });

  it("dead-letters a message whose start keeps failing after MaxDeliveryCount, with the reason; nothing is started", async () => {
    await p.arm.control.clearCalls();
    const request = aRequest("poison");
    await setDevhostFaults(p, { refuseStarts: true });
    try {
      const { messageId } = await queue.send(request);
      const [dead] = await waitFor(async () => {
        const letters = await queue.deadLettered();
        const mine = letters.filter((m) => m.messageId === messageId);
        return mine.length > 0 ? mine : undefined;
      }, 60_000);
      assert.equal(dead?.deadLetterReason, "MaxDeliveryCountExceeded");
      assert.match(String(dead?.deadLetterErrorDescription), /5 delivery attempts/);
      assert.equal(dead?.deliveryCount, 5);
      assert.deepEqual(eventsCorrelated(p, messageId), [], "neither accepted nor rejected");
    } finally {
      await setDevhostFaults(p, { refuseStarts: false });
    }
    assert.deepEqual(await instancesWithPrefix(p, provisionInstanceId(request.requestId)), []);
    assert.deepEqual(await loggedWrites(p.arm), [], "no ARM write");
  });
});
