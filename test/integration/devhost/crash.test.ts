import assert from "node:assert/strict";
import { after, test } from "node:test";
import { killMoments } from "../../helpers/seededRandom.js";
import {
  type ChildDevhost,
  historyOf,
  json,
  pollStatus,
  removeTempDirs,
  spawnDevhost,
  startViaHttp,
  tempDir,
} from "./helpers.js";

const children: ChildDevhost[] = [];
after(async () => {
  for (const c of children) await c.kill();
  removeTempDirs();
});

async function spawn(stateDir: string, args: string[] = []): Promise<ChildDevhost> {
  const c = await spawnDevhost(stateDir, args);
  children.push(c);
  return c;
}

const statusUrl = (c: ChildDevhost, id: string) =>
  `${c.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true&showHistoryOutput=true`;

/** Every scheduled task and timer got exactly one outcome; the execution completed once. */
function assertOneOutcomeEach(s: Record<string, unknown>): void {
  const h = historyOf(s);
  const outcomes = h
    .filter((e) => e.EventType === "TaskCompleted" || e.EventType === "TaskFailed")
    .map((e) => e.TaskScheduledId);
  assert.equal(new Set(outcomes).size, outcomes.length, `duplicate task outcomes in ${s.instanceId}`);
  const scheduled = h.filter((e) => e.EventType === "TaskScheduled").map((e) => e.EventId);
  assert.deepEqual([...outcomes].sort(), [...scheduled].sort(), `task outcomes of ${s.instanceId}`);
  const fired = h.filter((e) => e.EventType === "TimerFired").map((e) => e.TimerId);
  assert.equal(new Set(fired).size, fired.length, `duplicate timer firings in ${s.instanceId}`);
  assert.equal(h.filter((e) => e.EventType === "ExecutionCompleted").length, 1);
}

/** As `assertOneOutcomeEach`, and every outcome is a completion (for work that never fails). */
function assertExactlyOnce(s: Record<string, unknown>): void {
  assertOneOutcomeEach(s);
  assert.equal(historyOf(s).filter((e) => e.EventType === "TaskFailed").length, 0, `failed tasks in ${s.instanceId}`);
}

test("SIGKILL mid-fan-out: restart resumes and completes with exactly-once history", async () => {
  const dir = tempDir("devhost-crash-fanout");
  const first = await spawn(dir);
  const { id } = await startViaHttp(first.url, first.key, "fanOut", { n: 6, ms: 150 }, "fan-1");
  await pollStatus(
    statusUrl(first, id),
    (s) => historyOf(s).filter((e) => e.EventType === "TaskCompleted").length >= 2,
  );
  await first.kill("SIGKILL");
  const second = await spawn(dir);
  const s = await pollStatus(statusUrl(second, id), (x) => x.runtimeStatus === "Completed");
  assert.equal(s.output, 0 + 1 + 2 + 3 + 4 + 5);
  assertExactlyOnce(s);
  await second.kill();
});

test("SIGKILL mid-timer: the timer still fires once, not before its time", async () => {
  const dir = tempDir("devhost-crash-timer");
  const first = await spawn(dir);
  const t0 = Date.now();
  const { id } = await startViaHttp(first.url, first.key, "timer", { ms: 1200 }, "timer-1");
  await pollStatus(statusUrl(first, id), (s) => historyOf(s).some((e) => e.EventType === "TimerCreated"));
  await first.kill("SIGKILL");
  const second = await spawn(dir);
  const s = await pollStatus(statusUrl(second, id), (x) => x.runtimeStatus === "Completed");
  assert.ok(Date.now() - t0 >= 1200);
  assert.ok((s.output as number) >= 1200);
  assert.equal(historyOf(s).filter((e) => e.EventType === "TimerFired").length, 1);
  await second.kill();
});

test("SIGKILL while an orchestration waits: the restarted host still detects a replay that schedules something else", async () => {
  const dir = tempDir("devhost-crash-replay");
  const first = await spawn(dir);
  const { id } = await startViaHttp(first.url, first.key, "fickle", null, "fickle-1");
  // The activity's result is in the history: its leaf is journaled and the instance waits for "go".
  await pollStatus(statusUrl(first, id), (s) => historyOf(s).some((e) => e.EventType === "TaskCompleted"));
  await first.kill("SIGKILL");
  const second = await spawn(dir);
  assert.equal((await fetch(`${second.url}/api/variant/square`, { method: "POST" })).status, 204);
  await fetch(`${second.url}/api/raise/${id}/go`, { method: "POST", body: "1" }).then((r) => r.body?.cancel());
  const s = await pollStatus(statusUrl(second, id), (x) => x.runtimeStatus === "Failed");
  assert.match(String(s.output), /Non-deterministic workflow detected.*activity 'greet'.*activity 'square'/);
  await second.kill();
});

test("SIGKILL under load at an arbitrary moment, then SIGTERM: every instance completes exactly once", async (t) => {
  const random = killMoments(t);
  const dir = tempDir("devhost-crash-load");
  // A tiny compaction threshold makes snapshots happen throughout, so a kill can land around one.
  const compact = ["--compact-after-bytes", "20000"];
  const first = await spawn(dir, compact);
  const ids = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      startViaHttp(first.url, first.key, i % 2 ? "fanOut" : "chain", i % 2 ? { n: 5 } : `n${i}`, `load-${i}`).then(
        (r) => r.id,
      ),
    ),
  );
  await new Promise((r) => setTimeout(r, 20 + Math.floor(random() * 60)));
  await first.kill("SIGKILL");
  const second = await spawn(dir, compact);
  for (const id of ids) {
    const s = await pollStatus(statusUrl(second, id), (x) => x.runtimeStatus === "Completed");
    assertExactlyOnce(s);
  }
  // A clean stop compacts the journal; a third start still sees everything.
  assert.equal((await second.kill("SIGTERM")).code, 0);
  const third = await spawn(dir);
  const list = await fetch(`${third.url}/runtime/webhooks/durabletask/instances/?runtimeStatus=Completed`).then((r) =>
    json<{ instanceId: string }[]>(r),
  );
  for (const id of ids)
    assert.ok(
      list.some((x) => x.instanceId === id),
      id,
    );
  await third.kill();
});

test("three SIGKILLs at random moments during a mixed workload: everything completes, once", async (t) => {
  const random = killMoments(t);
  const dir = tempDir("devhost-crash-mixed");
  let host = await spawn(dir);
  const work: [string, unknown][] = [
    ...Array.from({ length: 5 }, (): [string, unknown] => ["fanOut", { n: 4, ms: 60 }]),
    ...Array.from({ length: 3 }, (): [string, unknown] => ["timer", { ms: 700 }]),
    ...Array.from({ length: 3 }, (): [string, unknown] => [
      "retrying",
      { failTimes: 1, maxAttempts: 8, firstMs: 80, coefficient: 1 },
    ]),
    ...Array.from({ length: 3 }, (): [string, unknown] => ["locked", { key: "mixed", ms: 40 }]),
    ["parent", 2],
    ["loop", { i: 0, max: 4 }],
  ];
  const ids = await Promise.all(
    work.map(([name, input], i) => startViaHttp(host.url, host.key, name, input, `mixed-${i}`).then((r) => r.id)),
  );
  for (let round = 0; round < 3; round++) {
    await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 400)));
    await host.kill("SIGKILL");
    host = await spawn(dir);
  }
  for (const id of ids) {
    const s = await pollStatus(statusUrl(host, id), (x) => x.runtimeStatus === "Completed", 30_000);
    assertOneOutcomeEach(s);
  }
  const byId = async (i: number) =>
    (await pollStatus(statusUrl(host, `mixed-${i}`), (x) => x.runtimeStatus === "Completed")).output;
  assert.equal(await byId(0), 0 + 1 + 2 + 3);
  assert.deepEqual(((await byId(8)) as { ok: boolean }).ok, true);
  const parent = (await byId(14)) as { a: number; b: number };
  assert.deepEqual([parent.a, parent.b], [4, 9]);
  assert.equal(await byId(15), 4);
  await host.kill();
});
