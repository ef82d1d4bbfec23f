// The sender of `openLoop` (openLoop.ts), in its own thread so the stand-ins sharing the benchmark's process do not
// delay its clock. Request i goes out at start + i / rate whatever became of the ones before it.
import { Agent, request } from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import type { OpenLoopOptions, OpenLoopSample } from "./openLoop.js";

const o = workerData as OpenLoopOptions;
// FIFO spreads the requests over every open socket: with LIFO most of them idle past the server's keep-alive
// timeout and close just as a burst reaches for them (ECONNRESET, the generator's failure, not the server's).
const agent = new Agent({ keepAlive: true, maxSockets: o.maxSockets, scheduling: "fifo" });
const intervalMs = 1000 / o.rate;
const total = Math.round(o.rate * o.durationSeconds);
const samples: OpenLoopSample[] = [];
const start = performance.now() + 20;
let next = 0;
let maxSendLagMs = 0;

function send(i: number, dueAt: number): void {
  const body = o.bodyTemplate.replaceAll("[<id>]", `${o.idPrefix}${i}`);
  // Sent when it gets a socket: a request due while every socket is busy waits in the agent first.
  let sentAt = performance.now();
  let answered = false;
  const done = (status: number | string) => {
    if (answered) return;
    answered = true;
    const now = performance.now();
    samples.push({ status, latencyMs: now - dueAt, serviceMs: now - sentAt });
    if (samples.length === total) finish();
  };
  const req = request(
    o.url,
    { method: o.method, headers: { ...o.headers, "content-length": Buffer.byteLength(body) }, agent },
    (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
      res.on("error", (error: NodeJS.ErrnoException) => done(`error ${error.code ?? error.message}`));
    },
  );
  req.once("socket", () => {
    sentAt = performance.now();
  });
  // A request that got no answer in time counts as a timeout, once.
  req.setTimeout(o.timeoutMs, () => req.destroy(new Error("timeout")));
  req.on("error", (error: NodeJS.ErrnoException) =>
    done(error.message === "timeout" ? "timeout" : `error ${error.code ?? error.message}`),
  );
  req.end(body);
}

function tick(): void {
  const now = performance.now();
  while (next < total && start + next * intervalMs <= now) {
    const dueAt = start + next * intervalMs;
    maxSendLagMs = Math.max(maxSendLagMs, now - dueAt);
    send(next++, dueAt);
  }
  if (next < total) setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
}

function finish(): void {
  agent.destroy();
  parentPort?.postMessage({ samples, elapsedMs: performance.now() - start, maxSendLagMs });
}

setTimeout(tick, Math.max(0, start - performance.now()));
