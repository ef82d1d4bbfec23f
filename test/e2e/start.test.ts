import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { freePort } from "../helpers/ports.js";
import { type StandInProcess, spawnStandIn } from "../helpers/spawnStandIn.js";
import { waitFor } from "../helpers/waitFor.js";

// `npm start` is the project's main job: this runs it as a user would (on free ports, built by `npm test`).
let sandbox: StandInProcess;
let stateDir: string;
const output = () => sandbox.output();

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "npm-start-"));
  const ports = [await freePort(), await freePort(), await freePort()];
  const args = ["--no-build", "--state-dir", stateDir, "--arm-port", String(ports[0])];
  args.push("--servicebus-port", String(ports[1]), "--devhost-port", String(ports[2]));
  sandbox = await spawnStandIn("sandbox/start.ts", args, {
    readyWhen: (out) => /^API_KEY=\S+$/m.test(out),
    timeoutMs: 60_000,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: "" },
  });
});

after(async () => {
  await sandbox?.kill("SIGINT");
  rmSync(stateDir, { recursive: true, force: true });
});

it("serves the app with every setting satisfied by the sandbox", async () => {
  const devhost = /Functions host\s+(http:\/\/\S+)/.exec(output())?.[1];
  assert.ok(devhost, output());
  const response = await fetch(`${devhost}/api/health`);
  assert.equal(response.status, 200, await response.clone().text());
  assert.deepEqual(await response.json(), { status: "ok" });
});

it("prints the endpoints a client needs", () => {
  assert.match(output(), /ARM\s+https:\/\/127\.0\.0\.1:\d+/);
  assert.match(output(), /Service Bus\s+Endpoint=sb:\/\/localhost:\d+;.*UseDevelopmentEmulator=true;/);
});

it("provisions examples/dev-cluster.json sent as the README's curl sends it, every step in the status", async () => {
  const apiUrl = /^API_URL=(\S+)$/m.exec(output())?.[1];
  const apiKey = /^API_KEY=(\S+)$/m.exec(output())?.[1];
  assert.ok(apiUrl && apiKey, output());
  assert.equal(readFileSync(join(stateDir, "env"), "utf8").includes(`API_KEY=${apiKey}`), true);
  // `curl -d @file` sends application/x-www-form-urlencoded: the API takes it as the JSON it is.
  const submitted = await fetch(`${apiUrl}/clusters`, {
    method: "POST",
    headers: { "x-functions-key": apiKey, "content-type": "application/x-www-form-urlencoded" },
    body: readFileSync("examples/dev-cluster.json"),
  });
  assert.equal(submitted.status, 202, await submitted.clone().text());
  const status = await waitFor(
    async () => {
      const res = await fetch(`${apiUrl}/clusters/CHG-2001`, { headers: { "x-functions-key": apiKey } });
      const body = (await res.json()) as { state: string; steps: { id: string; state: string }[] };
      return ["succeeded", "failed", "rolledBack"].includes(body.state) ? body : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250, message: () => output().slice(-2000) },
  );
  assert.equal(status.state, "succeeded", JSON.stringify(status));
  assert.equal(status.steps.length, 9);
  assert.ok(status.steps.every((s) => s.state === "succeeded"));
  // The registry on the sandbox's Azurite has the cluster's row.
  const listed = await fetch(`${apiUrl}/clusters?state=provisioned`, { headers: { "x-functions-key": apiKey } });
  assert.equal(listed.status, 200, await listed.clone().text());
  const rows = ((await listed.json()) as { value: { requestId: string; owner?: string }[] }).value;
  assert.deepEqual(
    rows.map((r) => [r.requestId, r.owner]),
    [["CHG-2001", "dev.lead@contoso.com"]],
  );
});

it("stops every stand-in on Ctrl-C and exits 0", async () => {
  assert.deepEqual(await sandbox.kill("SIGINT"), { code: 0, signal: null }, output());
  assert.match(output(), /stopping the sandbox/);
  const devhost = /Functions host\s+(http:\/\/\S+)/.exec(output())?.[1];
  await assert.rejects(fetch(`${devhost}/api/health`), "the Functions host no longer listens");
});
