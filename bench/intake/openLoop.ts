// Open-loop load at a fixed rate for the intake benchmark (docs/performance.md §4): request i is sent at
// start + i / rate, independent of the answers, as tickets arrive from many users; latency runs from that due
// moment, so a request that waited for a socket or for the sender counts its wait (no coordinated omission).
// autocannon's `overallRate` is not this: each connection sends its per-second quota back to back at the start of
// every second, so "200/s over 50 connections" is a 50-deep queue once a second, and the latency is its depth.
import { Worker } from "node:worker_threads";
import { percentile, round } from "../stats.js";

/** What to send, how fast and for how long. `[<id>]` in the body becomes `<idPrefix><n>`, unique per request. */
export interface OpenLoopOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  bodyTemplate: string;
  idPrefix: string;
  rate: number;
  durationSeconds: number;
  /** Sockets kept open at most; a request due while all are busy waits for one (and its wait is counted). */
  maxSockets: number;
  timeoutMs: number;
}

/** One request's end: its status (or `timeout`, `error <code>`), ms from its due moment and from its actual send. */
export interface OpenLoopSample {
  status: number | string;
  latencyMs: number;
  serviceMs: number;
}

/** Runs the load in a worker thread and summarizes it. */
export async function openLoop(options: OpenLoopOptions) {
  const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(
    new URL("./openLoopWorker.ts", import.meta.url).href,
  )}); })`;
  const worker = new Worker(code, { eval: true, workerData: options });
  const out = await new Promise<{ samples: OpenLoopSample[]; elapsedMs: number; maxSendLagMs: number }>(
    (resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    },
  );
  await worker.terminate();
  const { samples } = out;
  const statusCodes: Record<string, number> = {};
  for (const s of samples) statusCodes[String(s.status)] = (statusCodes[String(s.status)] ?? 0) + 1;
  const latencies = samples.map((s) => s.latencyMs);
  const service = samples.map((s) => s.serviceMs);
  const ms = (values: number[], p: number) => round(percentile(values, p), 1);
  const twoXx = samples.filter((s) => typeof s.status === "number" && s.status >= 200 && s.status < 300).length;
  return {
    sent: samples.length,
    twoXx,
    errors: samples.length - twoXx,
    timeouts: statusCodes.timeout ?? 0,
    statusCodes,
    /** Answers per second, from the first due moment to the last answer. */
    achievedRate: round(samples.length / (out.elapsedMs / 1000), 1),
    latencyMs: { p50: ms(latencies, 50), p90: ms(latencies, 90), p99: ms(latencies, 99), max: ms(latencies, 100) },
    /** From the actual send: differs from `latencyMs` only when the sender or the sockets fell behind. */
    serviceMs: { p50: ms(service, 50), p99: ms(service, 99) },
    maxSendLagMs: round(out.maxSendLagMs, 1),
  };
}
