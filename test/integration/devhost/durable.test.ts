import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { FIXTURE_APP, historyOf, json, pollStatus, removeTempDirs, startViaHttp, tempDir } from "./helpers.js";

let d: Devhost;

before(async () => {
  d = await startDevhost({
    appDir: FIXTURE_APP,
    stateDir: tempDir("devhost-durable"),
    serviceBus: false,
    timers: false,
    log: false,
    // Small long-timer thresholds so timer splitting is exercised in a second.
    maximumShortTimerDuration: "00:00:01",
    longRunningTimerIntervalDuration: "00:00:00.400",
  });
});
after(async () => {
  await d.stop();
  removeTempDirs();
});

const start = (name: string, input: unknown, id?: string) => startViaHttp(d.url, d.functionKey, name, input, id);
const done = (id: string) => d.waitForInstance(id, 20_000);
const count = (s: Record<string, unknown>, type: string) => historyOf(s).filter((e) => e.EventType === type).length;

describe("orchestrations through the library's replay", () => {
  test("HTTP starter returns check-status links to this host, fan-out/fan-in completes", async () => {
    const started = await start("fanOut", { n: 5 });
    assert.equal(started.status, 202);
    assert.ok(
      started.statusQueryGetUri.startsWith(`${d.url}/runtime/webhooks/durabletask/`),
      started.statusQueryGetUri,
    );
    assert.equal(started.location, started.statusQueryGetUri);
    const s = await pollStatus(started.statusQueryGetUri, (x) => x.runtimeStatus === "Completed");
    assert.equal(s.output, 0 + 1 + 4 + 9 + 16);
    assert.deepEqual(s.customStatus, { stage: "done" });
    const full = await done(started.id);
    assert.equal(count(full, "TaskScheduled"), 5);
    assert.equal(count(full, "TaskCompleted"), 5);
    assert.equal(count(full, "ExecutionCompleted"), 1);
  });

  test("activity chain passes results along", async () => {
    const { id } = await start("chain", "x");
    assert.equal((await done(id)).output, "hello hello x");
  });

  test("retry: exhausted attempts fail the task with the last error", async () => {
    const { id } = await start("retrying", { failTimes: 9, maxAttempts: 2, firstMs: 50, coefficient: 1 });
    const out = (await done(id)).output as { ok: boolean; error: string };
    assert.equal(out.ok, false);
    assert.match(out.error, /flaky failure #2/);
  });

  // Timer bounds, long-timer chunks and retry back-off are asserted on a frozen clock in timers.test.ts.

  test("sub-orchestrations: results, explicit instance id, failure propagates", async () => {
    const { id } = await start("parent", 3);
    const out = (await done(id)).output as { a: number; b: number; failed: string };
    assert.equal(out.a, 9);
    assert.equal(out.b, 16);
    assert.match(out.failed, /alwaysFails/);
    const named = await fetch(`${d.durableBaseUrl}instances/${id}-named`).then((r) => json(r));
    assert.equal(named.runtimeStatus, "Completed");
  });

  test("sub-orchestration with retry: one child per attempt, then the last failure", async () => {
    const { id } = await start("retrySub", 3);
    const s = await done(id);
    assert.match(String(s.output), /alwaysFails/);
    assert.equal(count(s, "SubOrchestrationInstanceCreated"), 3);
    assert.equal(count(s, "SubOrchestrationInstanceFailed"), 3);
  });

  test("external event wins Task.any; timer wins without it", async () => {
    const { id } = await start("approval", { timeoutMs: 10_000 });
    const raised = await fetch(`${d.url}/api/raise/${id}/approve`, {
      method: "POST",
      body: JSON.stringify({ by: "ann" }),
    });
    assert.equal(raised.status, 202);
    assert.deepEqual((await done(id)).output, { approved: { by: "ann" } });
    const late = await start("approval", { timeoutMs: 200 });
    assert.deepEqual((await done(late.id)).output, { approved: null, timedOut: true });
  });

  test("continueAsNew restarts with new input and fresh history", async () => {
    const { id } = await start("loop", { i: 0, max: 3 });
    const s = await done(id);
    assert.equal(s.output, 3);
    assert.equal(count(s, "ExecutionStarted"), 1);
    assert.deepEqual(s.input, { i: 3, max: 3 });
  });

  test("a throwing orchestrator is Failed with its message and custom status", async () => {
    const { id } = await start("failing", null);
    const s = await done(id);
    assert.equal(s.runtimeStatus, "Failed");
    assert.match(String(s.output), /orchestrator exploded/);
    assert.equal(s.customStatus, "about to fail");
    const viaClient = await fetch(`${d.url}/api/status/${id}`).then((r) => json(r));
    assert.equal(viaClient.runtimeStatus, "Failed");
  });

  test("entities: a per-key lock serialises critical sections; signals update a counter", async () => {
    const key = `k${Date.now()}`;
    const ids = await Promise.all([1, 2, 3].map(() => start("locked", { key, ms: 120 }).then((s) => s.id)));
    await Promise.all(ids.map(done));
    const sections = (await fetch(`${d.url}/api/sections`).then((r) => json<unknown[]>(r))) as {
      owner: string;
      start: number;
      end: number;
    }[];
    const mine = sections.filter((s) => ids.includes(s.owner)).sort((a, b) => a.start - b.start);
    assert.equal(mine.length, 3);
    for (const [i, s] of mine.entries())
      if (i > 0) assert.ok(s.start >= (mine[i - 1]?.end ?? 0), "critical sections overlap");
    await d.engine.waitFor(() => d.engine.store.entities.get(`@counter@${key}`)?.state === "3", 5000);
    const viaClient = await fetch(`${d.url}/api/entities/counter/${key}`).then((r) => json(r));
    assert.deepEqual(viaClient, { entityExists: true, entityState: 3 });
    const direct = await fetch(`${d.durableBaseUrl}entities/lock/${key}`).then((r) => json(r));
    assert.deepEqual(direct, { owner: null });
  });

  test("non-determinism fails the instance with a clear message", async () => {
    await fetch(`${d.url}/api/variant/greet`, { method: "POST" });
    const { id } = await start("fickle", null);
    await d.engine.waitFor(() => d.engine.store.instances.get(id)?.history.some((e) => e.EventType === 5), 5000);
    await fetch(`${d.url}/api/variant/square`, { method: "POST" });
    try {
      await fetch(`${d.url}/api/raise/${id}/go`, { method: "POST", body: "1" });
      const s = await done(id);
      assert.equal(s.runtimeStatus, "Failed");
      assert.match(String(s.output), /Non-deterministic workflow detected.*activity 'greet'.*activity 'square'/);
    } finally {
      await fetch(`${d.url}/api/variant/greet`, { method: "POST" });
    }
  });
});

describe("Durable client HTTP API", () => {
  const api = (path: string, init?: RequestInit) => fetch(`${d.durableBaseUrl}${path}`, init);
  const JSON_TYPE = { "content-type": "application/json" };

  test("raiseEvent refuses a body that is not JSON with 400 and leaves the waiting instance alone", async () => {
    const { id } = await start("approval", { timeoutMs: 60_000 });
    await d.engine.waitFor(() => d.engine.store.instances.get(id)?.status === "Running", 5000);
    // fetch sends a string body as text/plain, as a hand-written curl or a careless client would.
    const plain = await api(`instances/${id}/raiseEvent/approve`, { method: "POST", body: '{"by":"ann"}' });
    assert.equal(plain.status, 400);
    assert.match((await json<{ message: string }>(plain)).message, /application\/json/);
    const broken = await api(`instances/${id}/raiseEvent/approve`, { method: "POST", headers: JSON_TYPE, body: "yes" });
    assert.equal(broken.status, 400);
    await broken.body?.cancel();
    assert.equal(d.engine.store.inbox.get(id)?.length ?? 0, 0, "nothing was delivered");
    assert.equal(d.engine.store.instances.get(id)?.status, "Running");
    const ok = await api(`instances/${id}/raiseEvent/approve`, { method: "POST", headers: JSON_TYPE, body: '"ann"' });
    assert.equal(ok.status, 202);
    assert.deepEqual((await done(id)).output, { approved: "ann" });
  });

  test("restartPostUri starts the orchestration again with the same input: a new instance by default", async () => {
    const first = await api("orchestrators/chain", { method: "POST", body: '"again"' }).then((r) =>
      json<Record<string, string>>(r),
    );
    assert.equal((await done(first.id as string)).output, "hello hello again");
    // The link names localhost (as the extension's do); this host listens on 127.0.0.1 only.
    const restartUri = (first.restartPostUri as string).replace("//localhost:", "//127.0.0.1:");
    const restarted = await fetch(restartUri, { method: "POST" });
    assert.equal(restarted.status, 202);
    const payload = await json<Record<string, string>>(restarted);
    assert.notEqual(payload.id, first.id);
    assert.equal(restarted.headers.get("location"), payload.statusQueryGetUri);
    const s = await done(payload.id as string);
    assert.deepEqual([s.name, s.input, s.output], ["chain", "again", "hello hello again"]);
  });

  test("restart with restartWithNewInstanceId=false reuses the id; refused while it runs, 400 when unknown", async () => {
    const id = `restart-${Date.now()}`;
    await api(`orchestrators/approval/${id}`, { method: "POST", body: '{"timeoutMs":60000}' }).then((r) =>
      r.body?.cancel(),
    );
    const running = await api(`instances/${id}/restart?restartWithNewInstanceId=false`, { method: "POST" });
    assert.equal(running.status, 409);
    await running.body?.cancel();
    await api(`instances/${id}/raiseEvent/approve`, { method: "POST", headers: JSON_TYPE, body: "1" });
    assert.deepEqual((await done(id)).output, { approved: 1 });
    const again = await api(`instances/${id}/restart?restartWithNewInstanceId=false`, { method: "POST" });
    assert.equal(again.status, 202);
    assert.equal((await json<{ id: string }>(again)).id, id);
    await d.engine.waitFor(() => d.engine.store.instances.get(id)?.status === "Running", 5000);
    await api(`instances/${id}/raiseEvent/approve`, { method: "POST", headers: JSON_TYPE, body: "2" });
    const s = await done(id);
    assert.deepEqual(s.output, { approved: 2 });
    assert.equal(historyOf(s).filter((e) => e.EventType === "ExecutionStarted").length, 1, "a fresh history");
    const unknown = await api("instances/no-such-instance/restart", { method: "POST" });
    assert.equal(unknown.status, 400);
    await unknown.body?.cancel();
  });

  test("start with a duplicate running id is refused; unknown orchestrator is 400", async () => {
    const id = `dup-${Date.now()}`;
    assert.equal(
      (await api(`orchestrators/approval/${id}`, { method: "POST", body: '{"timeoutMs":60000}' })).status,
      202,
    );
    assert.equal(
      (await api(`orchestrators/approval/${id}`, { method: "POST", body: '{"timeoutMs":60000}' })).status,
      409,
    );
    assert.equal((await api("orchestrators/nope", { method: "POST" })).status, 400);
    assert.equal((await api("orchestrators/chain", { method: "POST", body: "not json" })).status, 400);
    assert.equal((await api(`instances/${id}/terminate?reason=cleanup`, { method: "POST" })).status, 202);
    const s = await done(id);
    assert.equal(s.runtimeStatus, "Terminated");
    assert.equal(s.output, "cleanup");
    assert.equal((await api(`instances/${id}/terminate?reason=again`, { method: "POST" })).status, 410);
  });

  test("suspend holds events until resume", async () => {
    const { id } = await start("approval", { timeoutMs: 60_000 });
    await d.engine.waitFor(() => d.engine.store.instances.get(id)?.status === "Running", 5000);
    assert.equal((await api(`instances/${id}/suspend?reason=hold`, { method: "POST" })).status, 202);
    await d.engine.waitFor(() => d.engine.store.instances.get(id)?.status === "Suspended", 5000);
    await api(`instances/${id}/raiseEvent/approve`, { method: "POST", headers: JSON_TYPE, body: '"later"' });
    // Idle with the event still in the inbox: the episode it triggered ran and held it back.
    await d.engine.waitFor(() => d.engine.isIdle() && (d.engine.store.inbox.get(id)?.length ?? 0) > 0, 5000);
    assert.equal(d.engine.store.instances.get(id)?.status, "Suspended");
    assert.equal((await api(`instances/${id}/resume?reason=go`, { method: "POST" })).status, 202);
    assert.deepEqual((await done(id)).output, { approved: "later" });
  });

  test("start answers with the management payload; status: 202 while running, list filters, purge deletes", async () => {
    const id = `payload ${Date.now()}`;
    const started = await api(`orchestrators/approval/${encodeURIComponent(id)}`, {
      method: "POST",
      body: '{"timeoutMs":60000}',
    });
    assert.equal(started.status, 202);
    const payload = await json<Record<string, string>>(started);
    assert.equal(payload.id, id);
    const statusUri = `${d.url.replace("127.0.0.1", "localhost")}/runtime/webhooks/durabletask/instances/${encodeURIComponent(id)}?taskHub=fixturehub&connection=Storage`;
    assert.equal(payload.statusQueryGetUri, statusUri);
    assert.equal(started.headers.get("location"), statusUri);
    assert.equal(payload.terminatePostUri, statusUri.replace("?", "/terminate?reason={text}&"));
    const running = await api(`instances/${encodeURIComponent(id)}`);
    assert.equal(running.status, 202);
    assert.equal(running.headers.get("location"), statusUri);
    await running.body?.cancel();
    const list = await api("instances/?runtimeStatus=Running,Pending").then((r) => json<{ instanceId: string }[]>(r));
    assert.ok(list.some((x) => x.instanceId === id));
    await api(`instances/${id}/terminate?reason=x`, { method: "POST" });
    await done(id);
    const deleted = await api(`instances/${id}`, { method: "DELETE" }).then((r) => json(r));
    assert.deepEqual(deleted, { instancesDeleted: 1 });
    assert.equal((await api(`instances/${id}`)).status, 404);
  });

  test("showHistory returns history; missing instance is 404", async () => {
    const { id } = await start("chain", "h");
    await done(id);
    const s = await api(`instances/${id}?showHistory=true&showHistoryOutput=true`).then((r) => json(r));
    assert.equal(historyOf(s)[0]?.EventType, "OrchestratorStarted");
    assert.equal((await api("instances/does-not-exist")).status, 404);
  });
});
