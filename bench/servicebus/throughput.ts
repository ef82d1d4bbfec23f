// Benchmark of the sandbox Service Bus broker with the real SDK: send + receive + complete
// throughput and end-to-end latency (send call → completion acknowledged), batches of 1 and 100
// under load, and single messages one at a time (unloaded latency); journal on (fsync per group
// commit unless --fsync never).
// Usage: npx tsx bench/servicebus/throughput.ts [--messages 5000] [--fsync always|never]
// Prints the JSON result, then a one-line summary.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ServiceBusClient, type ServiceBusMessage } from "@azure/service-bus";
import { startServiceBusSandbox } from "../../sandbox/servicebus/index.js";
import { percentile } from "../stats.js";

const { values } = parseArgs({
  options: { messages: { type: "string", default: "5000" }, fsync: { type: "string", default: "always" } },
});
const total = Number(values.messages);
const fsync = values.fsync === "never" ? "never" : "always";

const config = {
  UserConfig: { Namespaces: [{ Name: "bench", Queues: [{ Name: "bench", Properties: { LockDuration: "PT1M" } }] }] },
};

interface RunResult {
  batchSize: number;
  /** Sends in flight at once: 1 measures unloaded latency, more measures throughput. */
  sendersInFlight: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  latencyMs: { p50: number; p99: number };
}

async function run(client: ServiceBusClient, batchSize: number, count: number, inFlight: number): Promise<RunResult> {
  const sender = client.createSender("bench");
  const receiver = client.createReceiver("bench", { maxAutoLockRenewalDurationInMs: 0 });
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  const sendLoop = async () => {
    while (next < count) {
      const ids = Array.from({ length: Math.min(batchSize, count - next) }, () => next++);
      const messages: ServiceBusMessage[] = ids.map((id) => ({
        body: { id, payload: "x".repeat(200) },
        messageId: `b${batchSize}-${id}`,
      }));
      const t = performance.now();
      for (const id of ids) sentAt.set(id, t);
      await sender.sendMessages(batchSize === 1 ? (messages[0] as ServiceBusMessage) : messages);
    }
  };
  const received = new Promise<void>((resolve, reject) => {
    // Streaming receive (the way the Functions trigger and the devhost consume), completing each message.
    const subscription = receiver.subscribe(
      {
        async processMessage(m) {
          await receiver.completeMessage(m);
          latencies.push(performance.now() - (sentAt.get((m.body as { id: number }).id) ?? started));
          if (latencies.length === count) subscription.close().then(resolve, reject);
        },
        async processError(args) {
          reject(args.error);
        },
      },
      { autoCompleteMessages: false, maxConcurrentCalls: batchSize === 1 ? 32 : batchSize },
    );
  });
  const receiveLoop = () => received;
  await Promise.all([...Array.from({ length: inFlight }, sendLoop), receiveLoop()]);
  const seconds = (performance.now() - started) / 1000;
  await sender.close();
  await receiver.close();
  latencies.sort((a, b) => a - b);
  return {
    batchSize,
    sendersInFlight: inFlight,
    messages: count,
    seconds: Number(seconds.toFixed(3)),
    messagesPerSecond: Math.round(count / seconds),
    latencyMs: { p50: Number(percentile(latencies, 50).toFixed(1)), p99: Number(percentile(latencies, 99).toFixed(1)) },
  };
}

const stateDir = mkdtempSync(join(tmpdir(), "sb-bench-"));
const sandbox = await startServiceBusSandbox({ tlsPort: null, stateDir, config, fsync });
const client = new ServiceBusClient(sandbox.connectionString);
try {
  await run(client, 1, 200, 16); // warm-up: connection, links, JIT
  // Saturated throughput (16 concurrent single sends; 2 concurrent batches), then unloaded latency.
  const results = [
    await run(client, 1, total, 16),
    await run(client, 100, total, 2),
    await run(client, 1, Math.min(total, 500), 1),
  ];
  const result = { benchmark: "servicebus-throughput", journal: { fsync }, node: process.version, results };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const line = results
    .map(
      (r) =>
        `batch ${r.batchSize} x${r.sendersInFlight} in flight: ${r.messagesPerSecond} msg/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`,
    )
    .join("; ");
  process.stdout.write(`servicebus send+receive+complete (journal fsync=${fsync}): ${line}\n`);
} finally {
  await client.close();
  await sandbox.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
