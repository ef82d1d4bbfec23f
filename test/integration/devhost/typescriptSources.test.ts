import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { FIXTURE_APP, json, removeTempDirs } from "./helpers.js";

// The runner starts this file under `--import tsx`, so the devhost imports the fixture's `.ts` sources in-process.
const lines: string[] = [];
let d: Devhost;

before(async () => {
  d = await startDevhost({
    appDir: FIXTURE_APP,
    main: "functions/*.ts",
    serviceBus: false,
    timers: false,
    log: (line) => lines.push(line),
  });
});
after(async () => {
  await d.stop();
  removeTempDirs();
});

test("`main` loads the app from TypeScript sources instead of package.json main", async () => {
  assert.deepEqual([...d.functions].sort(), ["tsAudited", "tsGreeting", "tsShout"]);
  const started = await fetch(`${d.durableBaseUrl}orchestrators/tsGreeting`, {
    method: "POST",
    body: JSON.stringify({ name: "ts", loud: true }),
  }).then((r) => json<{ id: string }>(r));
  const s = await d.waitForInstance(started.id, 20_000);
  assert.equal(s.runtimeStatus, "Completed");
  assert.equal(s.output, "HELLO TS");
});

test("an output binding the devhost does not deliver is named in a warning at load", () => {
  const warning = lines.find((l) => l.includes("tsAudited") && l.includes("warning"));
  assert.ok(warning, lines.join("\n"));
  assert.match(warning, /output binding 'queue'.*not supported/);
});
