import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { openLoop } from "../../../bench/intake/openLoop.js";

/** A server that answers 202 after `delayMs`, noting when each request arrived and the id in its body. */
async function server(delayMs: number) {
  const arrivals: { atMs: number; id: string }[] = [];
  const s = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      arrivals.push({ atMs: performance.now(), id: JSON.parse(body).id });
      setTimeout(() => res.writeHead(202).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
  return { url, arrivals, close: () => new Promise((resolve) => s.close(resolve)) };
}

const options = (url: string, rate: number, maxSockets: number) => ({
  url,
  method: "POST",
  headers: { "content-type": "application/json" },
  bodyTemplate: '{"id":"[<id>]"}',
  idPrefix: "t-",
  rate,
  durationSeconds: 1,
  maxSockets,
  timeoutMs: 5000,
});

describe("openLoop: requests due at evenly spaced moments, latency from the due moment", () => {
  it("spreads a second's requests over the second, each with its own id, whatever the answers take", async () => {
    const s = await server(150);
    try {
      const r = await openLoop(options(s.url, 40, 64));
      assert.equal(r.sent, 40);
      assert.deepEqual(r.statusCodes, { "202": 40 });
      const at = s.arrivals.map((a) => a.atMs).sort((a, b) => a - b);
      const span = (at.at(-1) as number) - (at[0] as number);
      // Evenly spaced: 39 gaps of 25 ms. A per-second quota sent back to back (autocannon's) spans a few ms.
      assert.ok(span > 700, `the 40 requests arrived within ${span.toFixed(0)} ms`);
      assert.ok(at.filter((t) => t - (at[0] as number) < 100).length <= 6, "no burst at the start");
      assert.equal(new Set(s.arrivals.map((a) => a.id)).size, 40, "every request its own id");
      assert.ok(r.latencyMs.p50 >= 150, "the answer's wait is in the latency");
    } finally {
      await s.close();
    }
  });

  it("counts a request's wait for a socket: one socket, answers slower than arrivals, latency grows", async () => {
    const s = await server(100);
    try {
      const r = await openLoop(options(s.url, 20, 1));
      assert.equal(r.sent, 20);
      // 20 due over 1 s, served one at a time at 100 ms: the last waits about 1 s beyond its due moment.
      assert.ok(r.latencyMs.max > 900, `max latency ${r.latencyMs.max} ms`);
      assert.ok(r.serviceMs.p99 < 400, `from the socket, each took ${r.serviceMs.p99} ms`);
    } finally {
      await s.close();
    }
  });
});
