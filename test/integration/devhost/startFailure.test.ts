import assert from "node:assert/strict";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { startDevhost } from "../../../sandbox/devhost/index.js";
import { freePort, isListening } from "../../helpers/ports.js";
import { FIXTURE_APP, removeTempDirs, tempDir } from "./helpers.js";

after(removeTempDirs);

test("a start that fails on an unresolved %Setting% names it and leaves nothing listening", async () => {
  const appDir = tempDir("devhost-badapp");
  cpSync(FIXTURE_APP, appDir, { recursive: true });
  // No local.settings.json: %FIXTURE_HUB% in host.json has no value anywhere.
  writeFileSync(join(appDir, "local.settings.json"), JSON.stringify({ Values: {} }));
  const saved = process.env.FIXTURE_HUB;
  delete process.env.FIXTURE_HUB;
  try {
    const port = await freePort();
    await assert.rejects(
      startDevhost({ appDir, port, stateDir: tempDir("devhost-badstate"), serviceBus: false, log: false }),
      (err: Error) => err.name === "AppSettingError" && /FIXTURE_HUB/.test(err.message),
    );
    assert.equal(await isListening(port), false, "the port is free again");
  } finally {
    // Later tests in this process read the fixture's setting again.
    if (saved !== undefined) process.env.FIXTURE_HUB = saved;
  }
});

test("a start that fails after the journal is open (a bad timer schedule) also leaves nothing listening", async () => {
  const port = await freePort();
  await assert.rejects(
    startDevhost({
      appDir: FIXTURE_APP,
      port,
      stateDir: tempDir("devhost-badschedule"),
      env: { TICK_SCHEDULE: "every minute" },
      serviceBus: false,
      log: false,
    }),
    /'every minute' is not 6-field NCRONTAB/,
  );
  assert.equal(await isListening(port), false, "the port is free again");
});
