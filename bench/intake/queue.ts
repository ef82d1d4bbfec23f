// Benchmark of queue intake (issue 14): `--count` requests dropped on the request queue at once (sent in batches
// with @azure/service-bus), against one devhost with the whole sandbox (the harness). Measured: the time from the
// first send until every message's `cluster.request.accepted` (the answer `queueIntake` publishes, correlated by
// the message id) has reached a topic subscriber, and that each message was accepted exactly once: one acceptance
// per message, one provision run per request, none rejected, none dead-lettered. The requests ask for an approval
// (bench/common.ts `parked`), so their runs read Azure and park with nothing written. docs/performance.md §5.
// Usage: npm run bench -- queue-intake [--count 1000]
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { ServiceBusClient, type ServiceBusMessage } from "@azure/service-bus";
import { provisionInstanceId } from "../../src/orchestrators/provisionInput.js";
import { waitFor } from "../../test/helpers/waitFor.js";
import { instancesWithPrefix, QueueClient, REQUESTS_QUEUE } from "../../test/integration/intake/queueHelpers.js";
import { Provisioner } from "../../test/integration/provision/harness.js";
import { loadAverage, machine, parked, report, rssMiB } from "../common.js";
import { exactlyOnce, percentile, round } from "../stats.js";
import { UNTHROTTLED } from "./unthrottled.js";

const { values } = parseArgs({ options: { count: { type: "string", default: "1000" } } });
const count = Number(values.count);
if (!(Number.isInteger(count) && count > 0)) throw new Error("--count a positive integer");
const before = machine();
const run = randomUUID().slice(0, 8);

const p = await Provisioner.start({ arm: { throttle: UNTHROTTLED } });
const bus = new ServiceBusClient(p.broker.connectionString);
const sender = bus.createSender(REQUESTS_QUEUE);
try {
  const messages: ServiceBusMessage[] = Array.from({ length: count }, (_, i) => ({
    body: parked(`CHG-Q${run}-${i}`),
    messageId: `intake-${run}-${i}`,
    contentType: "application/json",
  }));
  const rssBeforeMiB = rssMiB(p.devhost.child.pid);
  const t0 = performance.now();
  let batch = await sender.createMessageBatch();
  let batches = 0;
  for (const message of messages) {
    if (batch.tryAddMessage(message)) continue;
    await sender.sendMessages(batch);
    batches++;
    batch = await sender.createMessageBatch();
    if (!batch.tryAddMessage(message)) throw new Error("one request does not fit in a batch");
  }
  await sender.sendMessages(batch);
  batches++;
  const sentMs = performance.now() - t0;

  // Each acceptance stamped when the subscriber has it (looked at every 20 ms).
  const acceptedAtMs: number[] = [];
  let seen = 0;
  const accepted: string[] = [];
  const rejected: string[] = [];
  await waitFor(
    () => {
      const now = performance.now() - t0;
      for (const e of p.events.slice(seen)) {
        if (e.type === "cluster.request.accepted") {
          accepted.push(e.correlationId);
          acceptedAtMs.push(now);
        } else if (e.type === "cluster.request.rejected") rejected.push(e.correlationId);
      }
      seen = p.events.length;
      return new Set(accepted).size + new Set(rejected).size >= count || undefined;
    },
    { timeoutMs: 30 * 60_000, intervalMs: 20, message: () => `${accepted.length} of ${count} accepted` },
  );
  const allAcceptedMs = Math.max(...acceptedAtMs);
  // A duplicate acceptance (a redelivery answered twice) would arrive within moments of the first.
  await new Promise((r) => setTimeout(r, 2000));
  for (const e of p.events.slice(seen)) if (e.type === "cluster.request.accepted") accepted.push(e.correlationId);
  const once = exactlyOnce(
    messages.map((m) => String(m.messageId)),
    accepted,
  );
  const instances = (await instancesWithPrefix(p, provisionInstanceId(`CHG-Q${run}-`))).map((i) => i.instanceId);
  const runs = exactlyOnce(
    messages.map((m) => provisionInstanceId((m.body as { requestId: string }).requestId)),
    instances,
  );
  const queue = new QueueClient(p);
  const [left, deadLettered] = [(await queue.waiting()).length, (await queue.deadLettered()).length];
  await queue.close();
  const exact =
    once.missing.length + once.duplicated.length + runs.missing.length + runs.duplicated.length === 0 &&
    rejected.length === 0;
  report(
    {
      benchmark: "queue-intake",
      request: "examples/dev-cluster.json, approval required (parks before any write), own request id each",
      count,
      batches,
      sentMs: Math.round(sentMs),
      allAcceptedMs: Math.round(allAcceptedMs),
      acceptedPerSecond: round(count / (allAcceptedMs / 1000), 1),
      acceptedAtMs: { p50: Math.round(percentile(acceptedAtMs, 50)), p99: Math.round(percentile(acceptedAtMs, 99)) },
      acceptances: {
        missing: once.missing.length,
        duplicated: once.duplicated,
        unexpected: once.unexpected.length,
      },
      rejected: rejected.length,
      runs: { instances: instances.length, missing: runs.missing.length, duplicated: runs.duplicated.length },
      queue: { left, deadLettered },
      devhostRssMiB: { before: rssBeforeMiB, after: rssMiB(p.devhost.child.pid) },
      exactlyOnce: exact,
      machine: { ...before, loadAverageAfter: loadAverage() },
    },
    `queue-intake: ${count} requests sent in ${Math.round(sentMs)} ms (${batches} batches), all accepted after ${Math.round(allAcceptedMs)} ms (${round(count / (allAcceptedMs / 1000), 1)}/s); exactly once: ${exact ? "yes" : "NO"} (${once.missing.length} missing, ${once.duplicated.length} accepted twice, ${rejected.length} rejected, ${instances.length} runs); load ${before.loadAverage[0]}`,
  );
} finally {
  await sender.close();
  await bus.close();
  await p.stop();
}
