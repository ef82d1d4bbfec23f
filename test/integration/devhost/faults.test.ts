import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { FIXTURE_APP, removeTempDirs, tempDir } from "./helpers.js";

let d: Devhost;

before(async () => {
  d = await startDevhost({
    appDir: FIXTURE_APP,
    stateDir: tempDir("devhost-faults"),
    serviceBus: false,
    timers: false,
    log: false,
  });
});
after(async () => {
  await d.stop();
  removeTempDirs();
});

const faults = (key: string | undefined, body?: unknown) =>
  fetch(`${d.url}/admin/faults`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(key ? { "x-functions-key": key } : {}), "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
const startFanOut = () =>
  fetch(`${d.durableBaseUrl}orchestrators/fanOut`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ n: 1 }),
  });

describe("test faults (POST /admin/faults)", () => {
  test("take the master key only, and refuse what is not a JSON object", async () => {
    assert.equal((await faults(undefined, { refuseStarts: true })).status, 401);
    assert.equal((await faults(d.functionKey, { refuseStarts: true })).status, 401);
    assert.equal((await faults(d.masterKey, "[1]")).status, 400);
    assert.deepEqual(await (await faults(d.masterKey)).json(), {
      refuseStarts: false,
      abandonAfterSuccess: {},
      holdDispatch: false,
    });
  });

  test("refuseStarts: the Durable API answers a start with 503 and starts nothing, until turned off", async () => {
    const before = d.engine.store.instances.size;
    assert.equal((await faults(d.masterKey, { refuseStarts: true })).status, 200);
    const refused = await startFanOut();
    assert.equal(refused.status, 503);
    assert.equal(d.engine.store.instances.size, before);
    assert.deepEqual(await (await faults(d.masterKey)).json(), {
      refuseStarts: true,
      abandonAfterSuccess: {},
      holdDispatch: false,
    });
    await faults(d.masterKey, { refuseStarts: false });
    assert.equal((await startFanOut()).status, 202);
  });

  test("holdDispatch: starts are accepted and journaled but nothing runs until it is lifted, then all of it does", async () => {
    const episodes: number[] = [];
    const onEpisode = (ms: number) => episodes.push(ms);
    d.engine.events.on("episode", onEpisode);
    try {
      assert.equal((await faults(d.masterKey, { holdDispatch: true })).status, 200);
      const ids = await Promise.all(
        [1, 2, 3].map(async () => {
          const started = await startFanOut();
          assert.equal(started.status, 202);
          return ((await started.json()) as { id: string }).id;
        }),
      );
      // Held long enough for a dispatch to have happened: none did.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(episodes.length, 0, "no episode ran while held");
      for (const id of ids) assert.equal(d.engine.store.instances.get(id)?.status, "Pending");
      assert.equal((await (await faults(d.masterKey)).json()).holdDispatch, true);
      await faults(d.masterKey, { holdDispatch: false });
      for (const id of ids) assert.equal((await d.waitForInstance(id, 20_000)).runtimeStatus, "Completed");
      assert.ok(episodes.length >= 3, "each run's episodes ran once lifted");
    } finally {
      d.engine.events.off("episode", onEpisode);
      d.faults.set({ holdDispatch: false });
    }
  });

  test("abandonAfterSuccess counts down per function", () => {
    d.faults.set({ abandonAfterSuccess: { intake: 2 } });
    assert.deepEqual(
      [d.faults.takeAbandon("intake"), d.faults.takeAbandon("other"), d.faults.takeAbandon("intake")],
      [true, false, true],
    );
    assert.equal(d.faults.takeAbandon("intake"), false);
  });
});
