import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ArmControlClient } from "../../sandbox/arm/index.js";
import { readLock } from "../../sandbox/start/lock.js";
import { HUB_SUBNET_ID } from "../../sandbox/start/seedData.js";
import { freePort, isListening } from "../helpers/ports.js";
import { waitFor } from "../helpers/waitFor.js";
import { runCli } from "../integration/cli/cliProcess.js";
import { alive, readEnvFile, runStart, type StartProcess } from "./startProcess.js";

// `npm start` is the project's main job: these run it as a user would (built by `npm test`; `--no-build` here).
const CHROMIUM = "/usr/bin/chromium";
const example = JSON.parse(readFileSync("examples/dev-cluster.json", "utf8")) as { requestId: string };
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "npm-start-"));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const portOf = (url: string) => Number(new URL(url.replace(/^sb:/, "http:")).port);

async function submit(env: Record<string, string>, body: unknown = example): Promise<Response> {
  return fetch(`${env.API_URL}/clusters`, {
    method: "POST",
    headers: { "x-functions-key": env.API_KEY as string, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function status(env: Record<string, string>, id = example.requestId) {
  const res = await fetch(`${env.API_URL}/clusters/${id}`, { headers: { "x-functions-key": env.API_KEY as string } });
  if (res.status === 404) return undefined;
  return (await res.json()) as { state: string; steps: { id: string; state: string }[] };
}

const finished = (s?: { state: string }) => s && ["succeeded", "failed", "rolledBack"].includes(s.state);

describe("npm start on free ports with a fresh state dir", () => {
  let start: StartProcess;
  let stateDir: string;
  let env: Record<string, string>;

  before(async () => {
    stateDir = freshDir();
    const run = runStart(["--state-dir", stateDir, "--port", "0", "--arm-port", "0", "--servicebus-port", "0"]);
    start = run;
    await run.ready();
    env = run.env();
  });
  after(async () => start?.killTree());

  it("prints KEY=value lines that <state dir>/env repeats (owner-only), and every URL in them answers", async () => {
    assert.deepEqual(readEnvFile(stateDir), env);
    assert.equal(statSync(join(stateDir, "env")).mode & 0o777, 0o600);
    for (const key of ["API_URL", "API_KEY", "STATUS_PAGE_URL", "SERVICEBUS_CONNECTION_STRING", "EVENTS_TOPIC"]) {
      assert.ok(env[key], `${key} in ${start.output()}`);
    }
    assert.equal(env.REQUESTS_QUEUE, "cluster-requests");
    assert.equal(env.STATUS_PAGE_URL, `${env.API_URL}/ui`);
    assert.match(start.output(), /npx aks-provisioner submit examples\/dev-cluster\.json --watch/);
    assert.match(start.output(), /Free ports picked for --port .*--arm-port .*--servicebus-port/);
    const health = await fetch(`${env.API_URL}/health`);
    assert.equal(health.status, 200);
    const page = await fetch(env.STATUS_PAGE_URL as string);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    const arm = new ArmControlClient(
      env.ARM_ENDPOINT as string,
      readFileSync(env.NODE_EXTRA_CA_CERTS as string, "utf8"),
    );
    assert.ok(Array.isArray((await arm.state()).resources));
    assert.ok(await isListening(portOf(env.SERVICEBUS_CONNECTION_STRING?.split(";")[0]?.slice(9) ?? "")));
  });

  it("submits examples/dev-cluster.json with the CLI the banner names, watched to succeeded; the status page shows it", async (t) => {
    // The CLI finds the API and its key in <state dir>/env alone, as the banner says.
    const cli = await runCli(["--state-dir", stateDir, "submit", "examples/dev-cluster.json", "--watch"], {});
    assert.equal(cli.code, 0, `${cli.stdout}\n${cli.stderr}`);
    assert.match(cli.stdout, /ended: succeeded/);
    for (const step of ["resourceGroup", "network", "registry", "cluster", "readiness"]) {
      assert.match(cli.stdout, new RegExp(step), `${step} in the CLI's output`);
    }
    const done = await status(env);
    assert.equal(done?.state, "succeeded", JSON.stringify(done));
    assert.ok(done?.steps.every((s) => s.state === "succeeded"));

    if (!existsSync(CHROMIUM)) {
      t.skip(`${CHROMIUM} is missing (apt-get install chromium; .ci/run does): the page is not opened`);
      return;
    }
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    t.after(() => browser.close());
    const page = await browser.newPage();
    await page.goto(
      `${env.STATUS_PAGE_URL}?code=${encodeURIComponent(env.API_KEY as string)}#/clusters/${example.requestId}`,
    );
    await page.locator('#run-state[data-state="succeeded"]').waitFor({ timeout: 30_000 });
    assert.ok(await page.locator('.bar[data-step="cluster"]').count(), "the timeline has the cluster's bar");
  });

  it("seeds the hub network examples/prod-cluster.json joins, so that example provisions too; a wrong subnet is refused before any write", async () => {
    assert.ok(
      start.output().includes(`seed data for examples/prod-cluster.json (sandbox only): created ${HUB_SUBNET_ID}`),
    );
    const prod = JSON.parse(readFileSync("examples/prod-cluster.json", "utf8")) as { requestId: string };
    const cli = await runCli(["--state-dir", stateDir, "submit", "examples/prod-cluster.json", "--watch"], {});
    assert.equal(cli.code, 0, `${cli.stdout}\n${cli.stderr}`);
    assert.match(cli.stdout, /ended: succeeded/);
    assert.equal((await status(env, prod.requestId))?.state, "succeeded");

    const wrong = JSON.parse(readFileSync("examples/prod-cluster.json", "utf8")) as {
      requestId: string;
      resourceGroup: string;
      network: { subnetId: string };
    };
    wrong.requestId = "CHG-3001-wrong";
    wrong.resourceGroup = "rg-payments-wrong";
    wrong.network.subnetId = HUB_SUBNET_ID.replace(/aks-payments$/, "aks-nowhere");
    assert.equal((await submit(env, wrong)).status, 202);
    const refused = await waitFor(async () => {
      const s = await status(env, wrong.requestId);
      return finished(s) ? s : undefined;
    });
    assert.equal(refused?.state, "failed");
    assert.ok(
      refused?.steps.every((s) => s.state === "skipped"),
      "nothing was written",
    );
    const arm = new ArmControlClient(
      env.ARM_ENDPOINT as string,
      readFileSync(env.NODE_EXTRA_CA_CERTS as string, "utf8"),
    );
    const { resources } = await arm.state();
    assert.ok(!resources.some((r) => String(r.id).toLowerCase().includes("/resourcegroups/rg-payments-wrong")));
  });

  it("refuses a second start on the same state dir, and a bad flag, with exit code 2", async () => {
    const second = runStart(["--state-dir", stateDir, "--port", "0", "--arm-port", "0", "--servicebus-port", "0"]);
    assert.deepEqual(await second.exited, { code: 2, signal: null });
    assert.match(second.output(), /is in use by another npm start/);
    const bad = runStart(["--state-dir", freshDir(), "--profile", "slow"]);
    assert.deepEqual(await bad.exited, { code: 2, signal: null });
    assert.match(bad.output(), /--profile.*'slow' is invalid.*instant, fast, realistic/);
  });

  it("Ctrl-C (SIGINT) stops every process and frees every port", async () => {
    const lock = readLock(stateDir);
    const pids = [lock?.pid, ...Object.values(lock?.children ?? {})] as number[];
    assert.deepEqual(Object.keys(lock?.children ?? {}).sort(), ["azurite", "sandbox"]);
    start.child.kill("SIGINT");
    assert.deepEqual(await start.exited, { code: 0, signal: null }, start.output());
    assert.match(start.output(), /stopping the sandbox/);
    await waitFor(() => pids.every((pid) => !alive(pid)) || undefined, { timeoutMs: 10_000, intervalMs: 100 });
    for (const url of [env.API_URL, env.ARM_ENDPOINT, env.SERVICEBUS_CONNECTION_STRING?.split(";")[0]?.slice(9)]) {
      assert.equal(await isListening(portOf(url as string)), false, `${url} still listens`);
    }
    assert.equal(readLock(stateDir), undefined, "the lock is released");
  });
});

describe("a second npm start on the same state dir", () => {
  // Three starts and a provisioning: more than the runner's default per-test limit on a loaded machine.
  const timeout = 300_000;
  it("resumes a provisioning interrupted by SIGKILL of the whole tree, finishing it once; --fresh discards it", {
    timeout,
  }, async () => {
    const stateDir = freshDir();
    // The same ports on every start: ARM's async-operation URLs held by the run name the port.
    const ports = ["--port", await freePort(), "--arm-port", await freePort(), "--servicebus-port", await freePort()];
    const args = ["--state-dir", stateDir, "--profile", "fast", ...ports.map(String)];
    const first = runStart(args);
    let second: StartProcess | undefined;
    let third: StartProcess | undefined;
    try {
      await first.ready();
      const env = first.env();
      assert.equal((await submit(env)).status, 202);
      // Kill while the cluster is being created: the network, registry and disks are done, the cluster is not.
      await waitFor(
        async () =>
          (await status(env))?.steps.find((s) => s.id === "cluster" && ["running", "waiting"].includes(s.state)),
        {
          timeoutMs: 60_000,
          intervalMs: 100,
          message: () => first.output().slice(-2000),
        },
      );
      await first.killTree();

      const resumed = runStart(args);
      second = resumed;
      await resumed.ready();
      const done = await waitFor(async () => ((s) => (finished(s) ? s : undefined))(await status(env)), {
        timeoutMs: 120_000,
        intervalMs: 250,
        message: () => resumed.output().slice(-2000),
      });
      assert.equal(done?.state, "succeeded", JSON.stringify(done));
      const arm = new ArmControlClient(
        env.ARM_ENDPOINT as string,
        readFileSync(env.NODE_EXTRA_CA_CERTS as string, "utf8"),
      );
      const creates = (await arm.state()).operations.filter(
        (o) => o.method === "PUT" && /\/managedclusters\/[^/]+$/.test(o.resourceKey),
      );
      assert.equal(creates.length, 1, `one cluster PUT, never a second: ${JSON.stringify(creates)}`);
      resumed.child.kill("SIGINT");
      assert.equal((await resumed.exited).code, 0);

      const fresh = runStart([...args, "--fresh"]);
      third = fresh;
      await fresh.ready();
      assert.equal(await status(fresh.env()), undefined, "--fresh forgets the request");
      fresh.child.kill("SIGINT");
      assert.equal((await fresh.exited).code, 0);
    } finally {
      await first.killTree();
      await second?.killTree();
      await third?.killTree();
    }
  });
});

describe("a part of npm start that dies", () => {
  it("stops the rest with a message naming it, exit code 1, nothing left running", async () => {
    const stateDir = freshDir();
    const start = runStart(["--state-dir", stateDir, "--port", "0", "--arm-port", "0", "--servicebus-port", "0"]);
    try {
      await start.ready();
      const env = start.env();
      const lock = readLock(stateDir);
      process.kill(lock?.children.azurite as number, "SIGKILL");
      assert.deepEqual(await start.exited, { code: 1, signal: null }, start.output());
      assert.match(start.output(), /Azurite \(storage\) exited \(SIGKILL\); stopping the rest/);
      assert.equal(alive(lock?.children.sandbox as number), false);
      assert.equal(await isListening(portOf(env.API_URL as string)), false);
      assert.equal(readLock(stateDir), undefined, "the lock is released");
    } finally {
      await start.killTree();
    }
  });
});
