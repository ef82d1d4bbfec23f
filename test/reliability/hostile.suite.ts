import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ServiceBusClient, type ServiceBusMessage } from "@azure/service-bus";
import fc from "fast-check";
import { rssMiB } from "../../bench/common.js";
import { waitFor } from "../helpers/waitFor.js";
import { instancesWithPrefix, QueueClient, REQUESTS_QUEUE } from "../integration/intake/queueHelpers.js";
import { Provisioner } from "../integration/provision/harness.js";
import { deepOverQueue, type HostileInput, hostileInput, tenMegabytes } from "./hostileInputs.js";
import { size } from "./size.js";

// Generated invalid or hostile requests (test/reliability/hostileInputs.ts) over HTTP, to both routes that read a
// request, and over the request queue: every one refused with its reasons, no run started, nothing written to
// ARM, the devhost alive and its memory flat. HOSTILE_SEED=<n> replays one set of inputs.
const INPUTS = size(300, 10_000);
const TEN_MB = size(2, 20);
const ROUTES = ["clusters", "clusters/plan"];
const IN_FLIGHT = 8;
const SEED = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_RSS_RATIO = 1.2;
/** Share of the HTTP inputs sent before the memory baseline (at least 30). */
const WARM_UP_SHARE = 0.1;
/** How long RSS is watched for its low point: long enough, after 10,000 inputs, for V8's idle GCs to shrink it. */
const SETTLE_MS = size(3_000, 30_000);
/** Depth from which JSON.stringify overflows on Node 20's default stack: what the summary counts as deep. */
const DEEP = 5_000;

export function suite(): void {
  describe("hostile input: generated invalid requests over HTTP and the queue are refused", () => {
    let p: Provisioner;
    let queue: QueueClient;
    before(async () => {
      p = await Provisioner.start();
      queue = new QueueClient(p);
    });
    after(async () => {
      await queue?.close();
      await p?.stop();
    });

    it(`${INPUTS} generated inputs and ${TEN_MB} 10 MB bodies: every one refused, no run, no crash, memory flat`, async (t) => {
      t.diagnostic(`HOSTILE_SEED=${SEED}`);
      const inputs = fc.sample(hostileInput, { numRuns: INPUTS, seed: SEED });
      // One queueable input in four goes over the queue, the rest over HTTP; the bodies nested too deep to
      // serialise again go over the queue in every run.
      const sampledToQueue = inputs.filter((input, i) => input.queueable && i % 4 === 0);
      const overHttp = inputs.filter((input) => !sampledToQueue.includes(input));
      const overQueue = [...deepOverQueue(), ...sampledToQueue];
      // Half of the 10 MB bodies declare their length, half come chunked.
      const huge = Array.from({ length: TEN_MB }, (_, i) => tenMegabytes({ chunked: i % 2 === 1 }));
      const failures: string[] = [];
      const send = async (input: HostileInput, i: number) => {
        const route = ROUTES[i % ROUTES.length] as string;
        const failure = await refusedOverHttp(p, input, route);
        if (failure) failures.push(failure);
      };

      // The warm-up loads and JITs the code each kind reaches and grows the heap to the largest inputs (900 kB
      // strings, 10 MB bodies): the baseline is the working set, so what the rest adds is what stays behind.
      const warmUp = Math.max(30, Math.ceil(overHttp.length * WARM_UP_SHARE));
      const hugeWarmUp = size(1, 2);
      await pool([...overHttp.slice(0, warmUp), ...huge.slice(0, hugeWarmUp)], send);
      const rssBefore = await settledRss(p);
      const sentToQueue = await sendToQueue(p, overQueue);
      await pool([...overHttp.slice(warmUp), ...huge.slice(hugeWarmUp)], send);
      failures.push(...(await rejectedOverQueue(p, sentToQueue)));
      const rssAfter = await settledRss(p);

      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} inputs were not refused as they must be`);
      const instances = await instancesWithPrefix(p, "");
      assert.deepEqual(
        instances.map((i) => i.instanceId),
        [],
        "orchestrations started",
      );
      const { value: calls } = await p.arm.control.calls();
      assert.deepEqual(
        calls.filter((c) => c.category === "writes").map((c) => `${c.method} ${c.path}`),
        [],
        "ARM writes",
      );
      assert.equal(p.devhost.child.exitCode, null, `the devhost exited:\n${p.devhost.output().slice(-2000)}`);
      assert.equal(p.devhost.child.signalCode, null, "the devhost was killed");
      assert.equal((await p.api("GET", "health")).status, 200, "/api/health after");
      const ratio = rssAfter / rssBefore;
      assert.ok(ratio <= MAX_RSS_RATIO, `devhost RSS grew ${rssBefore} → ${rssAfter} MiB (${ratio.toFixed(2)}×)`);
      const categories = [...overHttp, ...overQueue, ...huge].reduce<Record<string, number>>((n, input) => {
        n[input.category] = (n[input.category] ?? 0) + 1;
        return n;
      }, {});
      t.diagnostic(`hostile: categories ${JSON.stringify(categories)}`);
      t.diagnostic(
        `hostile: ${overHttp.length + huge.length} over HTTP + ${overQueue.length} over the queue (${deepOnQueue(overQueue)} nested ≥ ${DEEP} deep), all refused, 0 dead-lettered; 0 orchestrations, 0 ARM writes, devhost alive; RSS ${rssBefore} → ${rssAfter} MiB after a warm-up of ${warmUp + hugeWarmUp} (${ratio.toFixed(2)}×, limit ${MAX_RSS_RATIO}×)`,
      );
    });
  });
}

/** Sends one input over HTTP; a description of what was wrong with the answer, or undefined when it was right. */
async function refusedOverHttp(p: Provisioner, input: HostileInput, route: string): Promise<string | undefined> {
  const body = input.chunked ? streamOf(input.text) : input.text;
  const res = await fetch(`${p.url}/api/${route}`, {
    method: "POST",
    headers: { "x-functions-key": p.key, "content-type": input.contentType },
    body,
    ...(typeof body === "string" ? {} : { duplex: "half" }),
  } as RequestInit);
  const text = await res.text();
  const what = `${input.category}: ${input.what} → POST /api/${route}`;
  if (res.status !== input.expect.status) return `${what}: HTTP ${res.status} ${text.slice(0, 300)}`;
  let error: { code?: unknown; details?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    return `${what}: the body is not JSON: ${text.slice(0, 300)}`;
  }
  if (error?.code !== input.expect.code) return `${what}: code ${String(error?.code)}, not ${input.expect.code}`;
  if (input.expect.code === "InvalidRequest" && !fieldErrors(error.details))
    return `${what}: no field errors in ${text.slice(0, 300)}`;
  return undefined;
}

/** Whether `details` lists at least one problem, each with its path, code and message. */
function fieldErrors(details: unknown): boolean {
  return (
    Array.isArray(details) &&
    details.length > 0 &&
    details.every((d) => typeof d?.path === "string" && typeof d?.code === "string" && typeof d?.message === "string")
  );
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 1024 * 1024));
      offset += 1024 * 1024;
    },
  });
}

/** Sends the inputs in batches: a JSON value as one where it keeps its hostility, else the text as bytes. */
async function sendToQueue(p: Provisioner, inputs: HostileInput[]): Promise<Map<string, HostileInput>> {
  const client = new ServiceBusClient(p.broker.connectionString);
  const sender = client.createSender(REQUESTS_QUEUE);
  const sent = new Map<string, HostileInput>();
  try {
    let batch = await sender.createMessageBatch();
    for (const [i, input] of inputs.entries()) {
      const asValue = input.value !== null && typeof input.value === "object" && i % 2 === 0;
      const message: ServiceBusMessage = {
        messageId: `hostile-${SEED}-${i}`,
        body: asValue ? input.value : Buffer.from(input.text),
        contentType: "application/json",
      };
      sent.set(String(message.messageId), input);
      if (batch.tryAddMessage(message)) continue;
      await sender.sendMessages(batch);
      batch = await sender.createMessageBatch();
      if (!batch.tryAddMessage(message)) throw new Error(`${input.what}: too large for the queue`);
    }
    await sender.sendMessages(batch);
  } finally {
    await sender.close();
    await client.close();
  }
  return sent;
}

/**
 * Waits for one `cluster.request.rejected` per queued input; what was wrong, per input. A message dead-lettered
 * is a failure whatever it held: a body the app cannot read (nested thousands deep included) is refused with an
 * event, not retried until the broker gives up on it.
 */
async function rejectedOverQueue(p: Provisioner, sent: Map<string, HostileInput>): Promise<string[]> {
  const answers = () => p.events.filter((e) => sent.has(e.correlationId));
  let dead = new Map<string, string>();
  const silent = () => {
    const answered = new Set(answers().map((e) => e.correlationId));
    return [...sent].filter(([id]) => !answered.has(id) && !dead.has(id));
  };
  await waitFor(
    async () => {
      dead = await deadLettered(p);
      return silent().length === 0 || undefined;
    },
    {
      timeoutMs: 60_000 + sent.size * 100,
      intervalMs: 500,
      message: () =>
        `${sent.size - silent().length} of ${sent.size} queued inputs answered; none for ${silent()
          .slice(0, 5)
          .map(([id, input]) => `${id}: ${input.what}`)
          .join("; ")}`,
    },
  );
  await new Promise((r) => setTimeout(r, 500)); // a second answer to one message would have arrived by now
  const failures: string[] = [];
  const byMessage = new Map<string, typeof p.events>();
  for (const e of answers()) byMessage.set(e.correlationId, [...(byMessage.get(e.correlationId) ?? []), e]);
  for (const [messageId, input] of sent) {
    const events = byMessage.get(messageId) ?? [];
    const what = `${input.category}: ${input.what} → queue (${messageId})`;
    const reason = dead.get(messageId);
    if (reason !== undefined) failures.push(`${what}: dead-lettered (${reason || "no reason"})`);
    if (events.length !== 1) failures.push(`${what}: ${events.length} answers ${events.map((e) => e.type)}`);
    const [event] = events;
    if (event && event.type !== "cluster.request.rejected") failures.push(`${what}: ${event.type}`);
    else if (event && !fieldErrors(event.data.errors))
      failures.push(`${what}: no errors in ${JSON.stringify(event.data)}`);
  }
  return failures;
}

/** How many of the queued inputs are nested at least DEEP levels. */
function deepOnQueue(inputs: HostileInput[]): number {
  return inputs.filter((input) => (input.depth ?? 0) >= DEEP).length;
}

/** Every message in the request queue's dead-letter queue: its id and dead-letter reason. */
async function deadLettered(p: Provisioner): Promise<Map<string, string>> {
  const client = new ServiceBusClient(p.broker.connectionString);
  const receiver = client.createReceiver(REQUESTS_QUEUE, { subQueueType: "deadLetter" });
  const dead = new Map<string, string>();
  try {
    for (;;) {
      const page = await receiver.peekMessages(500);
      for (const m of page) dead.set(String(m.messageId), m.deadLetterReason ?? "");
      if (page.length < 500) return dead;
    }
  } finally {
    await receiver.close();
    await client.close();
  }
}

/** Runs `work` over `items` with at most IN_FLIGHT at a time. */
async function pool<T>(items: T[], work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/**
 * The devhost's RSS once it has settled: the least of samples over SETTLE_MS of idleness. V8 shrinks the heap
 * when the process goes idle, seconds after a burst and not at once: one sample measures when the last GC ran.
 */
async function settledRss(p: Provisioner): Promise<number> {
  const samples: number[] = [];
  for (let waited = 0; waited < SETTLE_MS; waited += 500) {
    await new Promise((r) => setTimeout(r, 500));
    samples.push(rssMiB(p.devhost.child.pid));
  }
  return Math.min(...samples);
}
