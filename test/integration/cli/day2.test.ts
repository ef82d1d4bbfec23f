import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { awaitingApproval } from "../approval/approvalHelpers.js";
import { provisioned } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { type CliRun, requestFile, runCli } from "./cliProcess.js";

// The CLI's day-2 and approval commands, each watched to its end as a ticket system's script would run them.
describe("aks-provisioner CLI: day-2 operations and approvals", () => {
  let p: Provisioner;
  let env: Record<string, string>;
  const cli = (...args: string[]): Promise<CliRun> =>
    runCli(["--state-dir", mkdtempSync(join(tmpdir(), "cli-state-")), "--interval", "100", ...args], env);
  const ok = (run: CliRun) => `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
  const succeeded = (run: CliRun) => {
    assert.equal(run.code, 0, ok(run));
    assert.match(run.stdout, /ended: succeeded/, ok(run));
  };

  before(async () => {
    p = await Provisioner.start();
    env = { API_URL: `${p.url}/api`, API_KEY: p.key, SERVICEBUS_CONNECTION_STRING: p.broker.connectionString };
  });
  after(() => p?.stop());

  it("stop, start, pools add and remove, upgrade and delete, each --watch to succeeded; status --json after", async () => {
    const request = aRequest("cliday2");
    await provisioned(p, request);
    const id = request.requestId;
    succeeded(await cli("stop", id, "--watch"));
    succeeded(await cli("start", id, "--watch"));
    const pool = requestFile({ name: "batch", vmSize: "Standard_D2s_v5", count: 1 });
    succeeded(await cli("pools", "add", id, pool, "--watch"));
    succeeded(await cli("pools", "remove", id, "batch", "--watch"));
    const aks = p.sdkClients().containerService;
    const profile = await aks.managedClusters.getUpgradeProfile(request.resourceGroup, request.cluster.name);
    const target = String(profile.controlPlaneProfile.upgrades?.[0]?.kubernetesVersion);
    succeeded(await cli("upgrade", id, target, "--watch"));
    const mc = await aks.managedClusters.get(request.resourceGroup, request.cluster.name);
    assert.equal(mc.currentKubernetesVersion, target);

    const status = await cli("status", id, "--json");
    assert.equal(status.code, 0, ok(status));
    const kinds = (JSON.parse(status.stdout) as { operations?: { kind: string; state: string }[] }).operations ?? [];
    assert.deepEqual(
      kinds.map((o) => `${o.kind}:${o.state}`),
      ["upgrade", "poolRemove", "poolAdd", "start", "stop"].map((k) => `${k}:succeeded`),
    );
    succeeded(await cli("delete", id, "--watch"));
    const gone = await cli("stop", id);
    assert.equal(gone.code, 1, ok(gone));
    assert.match(gone.stderr, /ClusterDeleted/);
  });

  it("approve lets a waiting request provision (status --watch follows it); reject ends another", async () => {
    const yes = { ...aRequest("cliappr"), approval: { required: true, timeoutHours: 1 } };
    const no = { ...aRequest("clirej"), approval: { required: true, timeoutHours: 1 } };
    for (const r of [yes, no]) assert.equal((await p.api("POST", "clusters", r)).status, 202);
    await Promise.all([yes, no].map((r) => awaitingApproval(p, r.requestId)));
    const [approved, rejected] = await Promise.all([
      cli("approve", yes.requestId, "--approver", "lead@contoso.com", "--comment", "ok"),
      cli("reject", no.requestId, "--approver", "finance@contoso.com"),
    ]);
    assert.equal(approved.code, 0, ok(approved));
    assert.equal(rejected.code, 0, ok(rejected));
    succeeded(await cli("status", yes.requestId, "--watch"));
    const ended = await cli("status", no.requestId, "--watch");
    assert.equal(ended.code, 1, ok(ended));
    assert.match(ended.stdout, /ended: rejected/);
  });
});
