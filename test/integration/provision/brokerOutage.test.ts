import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EventLedger } from "../../helpers/eventLedger.js";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "./harness.js";
import { aRequest } from "./requests.js";

// Long enough that the run has steps to report while the broker is down.
const durationsMs = {
  virtualNetwork: 1500,
  registry: 2500,
  disk: 1500,
  clusterCreate: 4000,
  poolCreate: 3000,
  nodeReady: 500,
};
// Far past what the ARM retry policy absorbs at the tests' 0.05 s poll interval (at least 100 ms, doubling, 5 tries:
// 1.5 s), which is what used to fail a run whose events could not be published.
const DOWN_MS = 8000;

describe("a provisioning rides out a Service Bus outage: events wait, the run does not fail", () => {
  let p: Provisioner;
  let ledger: EventLedger;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs }, processes: { broker: true } });
    ledger = new EventLedger(p.broker.connectionString);
  });
  after(async () => {
    await ledger?.close();
    await p?.stop();
  });

  it("broker killed mid-run for 8 s: the status shows the wait, the run succeeds, every event arrives once, in order", async () => {
    const request = aRequest("outage");
    const { requestId } = request;
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    await waitFor(() => ledger.deliveries.some((d) => d.requestId === requestId), {
      timeoutMs: 30_000,
      message: "no event of the run before the outage",
    });

    const outage = p.crash("broker", DOWN_MS);
    const seenWaiting = await waitFor(
      async () => {
        const s = await p.status(requestId);
        return s.eventDelivery !== undefined || s.state !== "running" ? s : undefined;
      },
      { timeoutMs: DOWN_MS + 20_000, intervalMs: 100 },
    );
    await outage;
    assert.equal(seenWaiting.state, "running", "the run was still going while its events waited");
    const waiting = seenWaiting.eventDelivery as { pending: number; lastError: { code: string }; retryAt?: string };
    assert.ok(waiting.pending > 0, JSON.stringify(waiting));
    assert.ok(waiting.retryAt, "the status says when delivery is tried next");

    const status = await p.finished(requestId, 120_000);
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    assert.equal(status.eventDelivery, undefined, "nothing left waiting once the state is final");

    // What the run says it published (in order, with message ids) is what a subscriber received, once each.
    const published = (status.events as { messageId: string }[]).map((e) => e.messageId);
    assert.equal(status.eventsDropped ?? 0, 0, "the whole event list is in the status");
    const received = () => ledger.deliveries.filter((d) => d.requestId === requestId);
    await waitFor(() => received().some((d) => d.type === "cluster.provisioned"), {
      // A delivery locked when the broker died comes back once its lock expires (PT1M on the subscription).
      timeoutMs: 90_000,
      message: "cluster.provisioned never arrived",
    });
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would have arrived by now
    const firstArrivals = [...new Set(received().map((d) => d.messageId))];
    assert.deepEqual(firstArrivals, published, "every event received, none twice under another id, in order");
  });
});
