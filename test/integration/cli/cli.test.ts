import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { type CliRun, requestFile, runCli } from "./cliProcess.js";

// The CLI as a ticket system would run it: a child process, no TTY, settings from the environment (an empty state
// dir, so no `npm start` env file is read), talking only to the API over HTTP and to the topic over AMQP.
describe("aks-provisioner CLI against the devhost", () => {
  let p: Provisioner;
  let env: Record<string, string>;
  const cli = (...args: string[]): Promise<CliRun> =>
    runCli(["--state-dir", mkdtempSync(join(tmpdir(), "cli-state-")), "--interval", "100", ...args], env);
  const ok = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;

  before(async () => {
    p = await Provisioner.start();
    env = { API_URL: `${p.url}/api`, API_KEY: p.key, SERVICEBUS_CONNECTION_STRING: p.broker.connectionString };
  });
  after(() => p?.stop());

  it("plan, offline, prints every problem of a bad request and exits 2", async () => {
    const request = aRequest("cliplan");
    (request as Record<string, unknown>).location = undefined;
    request.nodePools = [];
    const run = await cli("plan", requestFile(request));
    assert.equal(run.code, 2, ok(run));
    assert.match(run.stderr, /nodePools: InvalidLength/);
    assert.match(run.stderr, /location: Required/);
  });

  it("submit --watch shows every step and ends 0 with succeeded; the topic then has cluster.provisioned", async () => {
    const request = aRequest("cliwatch");
    const run = await cli("submit", requestFile(request), "--watch");
    assert.equal(run.code, 0, ok(run));
    for (const step of [
      "resourceGroup",
      "network",
      "registry",
      `disk:${request.disks[0]?.name}`,
      "cluster",
      "readiness",
    ])
      assert.match(run.stdout, new RegExp(`\\[COMPLETED\\] ${step.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `), ok(run));
    assert.match(run.stdout, /dependencies \(3 in parallel\)/);
    assert.match(run.stdout, /ended: succeeded\nsucceeded: outputs/);
    assert.match(run.stdout, /clusterId: .*managedClusters/);

    // Independent reads, side by side (each CLI start costs a second or two on a loaded machine).
    const [events, list] = await Promise.all([
      cli(
        "events",
        "--follow",
        "--subscription",
        "ticket-system",
        "--request",
        request.requestId,
        "--until",
        "cluster.provisioned",
        "--json",
      ),
      cli("list", "--json"),
    ]);
    assert.equal(events.code, 0, ok(events));
    const types = events.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { type: string }).type);
    assert.equal(types[0], "cluster.provisioning.started");
    assert.equal(types.at(-1), "cluster.provisioned");

    assert.equal(list.code, 0, ok(list));
    const rows = (JSON.parse(list.stdout) as { value: { requestId: string; state: string }[] }).value;
    assert.equal(rows.find((r) => r.requestId === request.requestId)?.state, "provisioned");

    const scale = await cli("scale", request.requestId, "apps=3", "--watch");
    assert.equal(scale.code, 0, ok(scale));
    assert.match(scale.stdout, /\[COMPLETED\] pool:apps /, ok(scale));
    assert.match(scale.stdout, /ended: succeeded/);
  });

  it("plan --online adds the preflight and the estimate; settings come from <state dir>/env alone", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "cli-state-"));
    writeFileSync(join(stateDir, "env"), `API_URL=${p.url}/api\nAPI_KEY=${p.key}\n`);
    const run = await runCli(
      ["--state-dir", stateDir, "plan", requestFile(aRequest("clionline")), "--online", "--json"],
      {
        API_URL: "",
        API_KEY: "",
      },
    );
    assert.equal(run.code, 0, ok(run));
    const body = JSON.parse(run.stdout) as {
      plan: { stages: { name: string }[] };
      preflight: { checks: unknown[] };
      estimate: unknown;
    };
    assert.deepEqual(
      body.plan.stages.map((s) => s.name),
      ["resourceGroup", "dependencies", "cluster", "clusterSettings", "roleAssignments"],
    );
    assert.ok(body.preflight.checks.length > 0);
    assert.ok(body.estimate);
  });

  it("submit --watch --json prints NDJSON ending with the final status", async () => {
    const request = aRequest("clijson");
    const run = await cli("--json", "submit", requestFile(request), "--watch");
    assert.equal(run.code, 0, ok(run));
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const end = lines.at(-1) as { event: string; status: { state: string } };
    assert.equal(end.event, "ended");
    assert.equal(end.status.state, "succeeded");
    const network = lines.filter((l) => l.event === "step" && l.id === "network").map((l) => l.state);
    assert.equal(network.at(-1), "succeeded");
  });

  it("a run Azure fails ends non-zero with Azure's error", async () => {
    const request = aRequest("clifail");
    await p.arm.control.addFault({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/managedClusters/${request.cluster.name}$`,
      code: "ReconcileVMSSAgentPoolFailed",
      message: "VMSS failed.",
    });
    const run = await cli("submit", requestFile(request), "--watch");
    assert.equal(run.code, 1, ok(run));
    assert.match(run.stdout, /ended: (failed|rolledBack)/, ok(run));
    assert.match(run.stdout, /failed at cluster: ReconcileVMSSAgentPoolFailed: VMSS failed\./, ok(run));
  });

  it("an API refusal is rendered field by field", async () => {
    const [run, bad] = await Promise.all([
      cli("scale", "CHG-does-not-exist", "apps=3"),
      cli("scale", "CHG-x", "apps=three"),
    ]);
    assert.equal(run.code, 1, ok(run));
    assert.match(run.stderr, /error 404 NotFound/);
    assert.equal(bad.code, 2, ok(bad));
    assert.match(bad.stderr, /"apps=three" is not pool=count or pool=min\.\.max/);
  });
});
