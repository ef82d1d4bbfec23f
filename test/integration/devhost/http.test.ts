import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { FIXTURE_APP, json, removeTempDirs, tempDir } from "./helpers.js";

let d: Devhost;
const stateDir = tempDir("devhost-http");

before(async () => {
  d = await startDevhost({
    appDir: FIXTURE_APP,
    stateDir,
    serviceBus: false,
    log: false,
    env: { TICK_SCHEDULE: "*/1 * * * * *" },
  });
});
after(async () => {
  await d.stop();
  removeTempDirs();
});

describe("HTTP triggers", () => {
  test("route parameters and query through the library's HttpRequest", async () => {
    const r = await fetch(`${d.url}/api/hello/World?q=search`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") ?? "", /application\/json/);
    assert.deepEqual(await json(r), { hello: "World", q: "search" });
  });

  test("optional and catch-all parameters", async () => {
    assert.deepEqual(await json(await fetch(`${d.url}/api/opt`)), { p: null });
    assert.deepEqual(await json(await fetch(`${d.url}/api/opt/x`)), { p: "x" });
    assert.deepEqual(await json(await fetch(`${d.url}/api/files/a/b/c.txt`)), { rest: "a/b/c.txt" });
  });

  test("int constraint and methods: mismatches are 404", async () => {
    assert.equal((await fetch(`${d.url}/api/secure/abc?code=${d.functionKey}`)).status, 404);
    assert.equal((await fetch(`${d.url}/api/hello/x`, { method: "DELETE" })).status, 404);
    assert.equal((await fetch(`${d.url}/api/nothing-here`)).status, 404);
  });

  test("function auth level: 401 without or with a wrong key; key in query or header", async () => {
    assert.equal((await fetch(`${d.url}/api/secure/7`)).status, 401);
    assert.equal((await fetch(`${d.url}/api/secure/7?code=wrong`)).status, 401);
    const byQuery = await fetch(`${d.url}/api/secure/7?code=${d.functionKey}`);
    assert.deepEqual(await json(byQuery), { id: 7 });
    const byHeader = await fetch(`${d.url}/api/secure/8`, { headers: { "x-functions-key": d.functionKey } });
    assert.deepEqual(await json(byHeader), { id: 8 });
    assert.equal((await fetch(`${d.url}/api/secure/9?code=${d.masterKey}`)).status, 200);
  });

  test("admin auth level takes the master key only", async () => {
    assert.equal((await fetch(`${d.url}/api/admin-only?code=${d.functionKey}`)).status, 401);
    const r = await fetch(`${d.url}/api/admin-only?code=${d.masterKey}`);
    assert.equal(await r.text(), "admin");
  });

  test("POST body, status and headers of the response", async () => {
    const r = await fetch(`${d.url}/api/echo`, { method: "PUT", body: JSON.stringify({ a: 1 }) });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get("x-echo-method"), "PUT");
    assert.deepEqual(await json(r), { method: "PUT", body: { a: 1 } });
  });

  test("env exposes DEVHOST_URL and DEVHOST_KEY; keys persist in the state dir", async () => {
    assert.equal(d.env.DEVHOST_URL, d.url);
    assert.equal(d.env.DEVHOST_KEY, d.functionKey);
    const r = await fetch(`${d.env.DEVHOST_URL}/api/secure/3?code=${d.env.DEVHOST_KEY}`);
    assert.deepEqual(await json(r), { id: 3 }, "DEVHOST_KEY opens function-level routes");
    const file = JSON.parse(readFileSync(join(stateDir, "keys.json"), "utf8"));
    assert.equal(file.functionKeys.default, d.env.DEVHOST_KEY);
    assert.equal(file.masterKey, d.masterKey);
  });
});

describe("timer triggers", () => {
  type Tick = { at: number; isPastDue: boolean; last: string | null };
  const ticks = async () => json<Tick[]>(await fetch(`${d.url}/api/ticks`));

  test("a 6-field NCRONTAB schedule fires every second", async () => {
    const t0 = Date.now();
    const list = await waitFor(
      async () => {
        const since = (await ticks()).filter((t) => t.at >= t0);
        return since.length >= 2 ? since : undefined;
      },
      { timeoutMs: 5000, intervalMs: 100, message: "two timer runs" },
    );
    assert.ok(list.every((t) => !t.isPastDue));
  });

  test("admin endpoint runs a timer function on demand (master key only)", async () => {
    assert.equal((await fetch(`${d.url}/admin/functions/tick?code=${d.functionKey}`, { method: "POST" })).status, 401);
    // The schedule also ticks every second, so look for a tick inside the request itself (it runs before the 202).
    const t0 = Date.now();
    assert.equal((await fetch(`${d.url}/admin/functions/tick?code=${d.masterKey}`, { method: "POST" })).status, 202);
    const t1 = Date.now();
    assert.ok(
      (await ticks()).some((t) => t.at >= t0 && t.at <= t1),
      "no tick during the admin request",
    );
    assert.equal((await fetch(`${d.url}/admin/functions/nope?code=${d.masterKey}`, { method: "POST" })).status, 404);
  });

  test("after downtime past the next occurrence, the first run is past due; keys survive restarts", async () => {
    const key = d.functionKey;
    await d.stop();
    await new Promise((r) => setTimeout(r, 1300));
    d = await startDevhost({ appDir: FIXTURE_APP, stateDir, serviceBus: false, log: false });
    assert.equal(d.functionKey, key);
    const t0 = Date.now();
    const [first] = await waitFor(
      async () => {
        const since = (await ticks()).filter((t) => t.at >= t0 - 50);
        return since.length > 0 ? since : undefined;
      },
      { timeoutMs: 3000, intervalMs: 50, message: "a timer run after the restart" },
    );
    assert.equal(first?.isPastDue, true);
    assert.ok(first?.last, "schedule status carries the last run");
  });
});
