import assert from "node:assert/strict";
import { after, test } from "node:test";
import { json, pollStatus, removeTempDirs, spawnDevhost, tempDir } from "./helpers.js";

after(removeTempDirs);

test("the CLI's --main runs the TypeScript sources (main.ts runs under tsx)", async () => {
  const host = await spawnDevhost(tempDir("devhost-main-flag"), ["--main", "functions/*.ts"]);
  try {
    const started = await fetch(`${host.url}/runtime/webhooks/durabletask/orchestrators/tsGreeting`, {
      method: "POST",
      body: JSON.stringify({ name: "cli", loud: false }),
    }).then((r) => json<{ id: string; statusQueryGetUri: string }>(r));
    const statusUrl = `${host.url}/runtime/webhooks/durabletask/instances/${started.id}`;
    const s = await pollStatus(statusUrl, (x) => x.runtimeStatus === "Completed");
    assert.equal(s.output, "hello cli");
  } finally {
    await host.kill();
  }
});
