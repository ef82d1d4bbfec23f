import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { FIXTURE_APP, removeTempDirs, startViaHttp, tempDir } from "./helpers.js";

let d: Devhost;
const stateDir = tempDir("devhost-journal-growth");

before(async () => {
  // Compaction off, so every record an episode wrote is still in journal-0.jsonl.
  d = await startDevhost({
    appDir: FIXTURE_APP,
    stateDir,
    compactAfterBytes: 2 ** 40,
    serviceBus: false,
    timers: false,
    log: false,
  });
});
after(async () => {
  await d.stop();
  removeTempDirs();
});

/** Byte length of every journal record that ran an episode of `instanceId` (appended history), in order. */
function episodeRecordBytes(instanceId: string): number[] {
  const lines = readFileSync(join(stateDir, "durable", "journal-0.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean);
  const sizes: number[] = [];
  for (const line of lines) {
    const rec = JSON.parse(line) as { m: { o: string; v?: { instanceId?: string }; add?: unknown[] }[] };
    if (rec.m.some((m) => m.o === "inst" && m.v?.instanceId === instanceId && (m.add?.length ?? 0) > 0))
      sizes.push(Buffer.byteLength(line) + 1);
  }
  return sizes;
}

test("a polling orchestration journals a constant number of bytes per episode, however long it runs", async () => {
  const n = 60;
  const { id } = await startViaHttp(d.url, d.functionKey, "poll", { n, ms: 1 }, "poll-growth");
  const s = await d.waitForInstance(id, 30_000);
  assert.equal(s.runtimeStatus, "Completed");
  assert.equal(s.output, ((n - 1) * n * (2 * n - 1)) / 6);
  const sizes = episodeRecordBytes(id);
  // Start, then one episode per activity result and one per timer.
  assert.equal(sizes.length, 2 * n + 1);
  const half = Math.floor(sizes.length / 2);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const first = sum(sizes.slice(1, half));
  const second = sum(sizes.slice(half, 2 * half - 1));
  console.log(`poll n=${n}: ${sizes.length} episodes, ${sum(sizes)} bytes; first half ${first}, second half ${second}`);
  assert.ok(second < 1.5 * first, `second half of the episodes wrote ${second} bytes, the first ${first}`);
});
