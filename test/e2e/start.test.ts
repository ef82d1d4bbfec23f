import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { freePort } from "../helpers/ports.js";

// `npm start` is the project's main job: this runs it as a user would (on free ports, built by `npm test`).
let child: ChildProcess;
let output = "";
let stateDir: string;

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "npm-start-"));
  const ports = [await freePort(), await freePort(), await freePort()];
  child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "sandbox/start.ts",
      "--no-build",
      "--state-dir",
      stateDir,
      "--arm-port",
      String(ports[0]),
      "--servicebus-port",
      String(ports[1]),
      "--devhost-port",
      String(ports[2]),
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_EXTRA_CA_CERTS: "" } },
  );
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 60_000;
  while (!output.includes("sandbox is running")) {
    if (child.exitCode !== null) assert.fail(`npm start exited early:\n${output}`);
    if (Date.now() > deadline) assert.fail(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (child.exitCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGINT");
    await exited;
  }
  rmSync(stateDir, { recursive: true, force: true });
});

it("serves the app with every setting satisfied by the sandbox", async () => {
  const devhost = /Functions host\s+(http:\/\/\S+)/.exec(output)?.[1];
  assert.ok(devhost, output);
  const response = await fetch(`${devhost}/api/health`);
  assert.equal(response.status, 200, await response.clone().text());
  assert.deepEqual(await response.json(), { status: "ok" });
});

it("prints the endpoints a client needs", () => {
  assert.match(output, /ARM\s+https:\/\/127\.0\.0\.1:\d+/);
  assert.match(output, /Service Bus\s+Endpoint=sb:\/\/localhost:\d+;.*UseDevelopmentEmulator=true;/);
});

it("stops every stand-in on Ctrl-C and exits 0", async () => {
  const exited = once(child, "exit");
  child.kill("SIGINT");
  const [code, signal] = await exited;
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, output);
  assert.match(output, /stopping the sandbox/);
  const devhost = /Functions host\s+(http:\/\/\S+)/.exec(output)?.[1];
  await assert.rejects(fetch(`${devhost}/api/health`), "the Functions host no longer listens");
});
