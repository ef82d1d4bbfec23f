import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { finishedOperation, provisioned } from "./operationHelpers.js";

// Each upgrade write takes a moment, so a second operation sent meanwhile meets the upgrade.
const durationsMs = { clusterUpgrade: 800, poolUpdate: 500, nodeReady: 100 };

type Problem = { path: string; code: string; message: string };

describe("day-2: upgrade, the control plane then each pool in turn", () => {
  let p: Provisioner;
  let request: ReturnType<typeof aRequest>;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
    request = aRequest("upgrade");
    await provisioned(p, request);
  });
  after(() => p.stop());

  const aks = () => p.sdkClients().containerService;

  async function writesInLog() {
    const { value } = await p.arm.control.calls();
    return value.filter((c) => c.method !== "GET");
  }

  it("refuses a bad body with every problem (400), an unknown request (404)", async () => {
    const bad = await p.api("POST", `clusters/${request.requestId}/upgrade`, { maxSurge: "0", force: true });
    assert.equal(bad.status, 400);
    const details = ((await bad.json()) as { error: { details: Problem[] } }).error.details;
    assert.deepEqual(details.map((d) => [d.path, d.code]).sort(), [
      ["force", "UnknownField"],
      ["kubernetesVersion", "Required"],
      ["maxSurge", "InvalidMaxSurge"],
    ]);
    const unknown = await p.api("POST", "clusters/CHG-nobody/upgrade", { kubernetesVersion: "1.31" });
    assert.equal(unknown.status, 404);
  });

  it("refuses a version that is not an upgrade path (400 naming the offered versions), the same version and a downgrade, writing nothing", async () => {
    const mc = await aks().managedClusters.get(request.resourceGroup, request.cluster.name);
    const current = String(mc.currentKubernetesVersion);
    const profile = await aks().managedClusters.getUpgradeProfile(request.resourceGroup, request.cluster.name);
    const offered = profile.controlPlaneProfile.upgrades?.map((u) => String(u.kubernetesVersion)) ?? [];
    assert.ok(offered.length > 0);
    await p.arm.control.clearCalls();

    const notOffered = await p.api("POST", `clusters/${request.requestId}/upgrade`, { kubernetesVersion: "1.40.0" });
    assert.equal(notOffered.status, 400);
    const error = ((await notOffered.json()) as { error: { message: string; details: Problem[] } }).error;
    assert.equal(error.details[0]?.code, "UpgradePathNotOffered");
    assert.equal(error.details[0]?.path, "kubernetesVersion");
    for (const v of offered) assert.match(error.details[0]?.message ?? "", new RegExp(v.replaceAll(".", "\\.")));

    const same = await p.api("POST", `clusters/${request.requestId}/upgrade`, { kubernetesVersion: current });
    assert.equal(same.status, 400);
    assert.equal(((await same.json()) as { error: { details: Problem[] } }).error.details[0]?.code, "SameVersion");
    const down = await p.api("POST", `clusters/${request.requestId}/upgrade`, { kubernetesVersion: "1.30.6" });
    assert.equal(down.status, 400);
    assert.equal(
      ((await down.json()) as { error: { details: Problem[] } }).error.details[0]?.code,
      "DowngradeNotAllowed",
    );
    assert.deepEqual(await writesInLog(), [], "no write reached ARM");
  });

  it("refuses surge nodes beyond the vCPU quota before any write (409 QuotaExceeded)", async () => {
    const mc = await aks().managedClusters.get(request.resourceGroup, request.cluster.name);
    const location = String(mc.location);
    const usages = [];
    for await (const u of p.sdkClients().compute.usage.list(location)) usages.push(u);
    const family = usages.find((u) => u.name.value === "standardDSv5Family");
    assert.ok(family, "the sandbox reports the DSv5 family's usage");
    // The apps pool (Standard_D4s_v5) surges by one 4-vCPU node; leave 2 vCPUs free.
    await p.arm.control.quota({ familyVcpus: { standardDSv5Family: family.currentValue + 2 } });
    try {
      await p.arm.control.clearCalls();
      const res = await p.api("POST", `clusters/${request.requestId}/upgrade`, { kubernetesVersion: "1.31" });
      assert.equal(res.status, 409, await res.clone().text());
      const error = ((await res.json()) as { error: { code: string; message: string; details: Problem[] } }).error;
      assert.equal(error.code, "QuotaExceeded");
      assert.equal(error.details[0]?.code, "QuotaExceeded");
      assert.match(error.message, /standardDSv5Family needs 4 vCPUs/);
      assert.deepEqual(await writesInLog(), [], "no write reached ARM");
    } finally {
      await p.arm.control.quota({ familyVcpus: {} });
    }
  });

  it("upgrades the control plane, then each pool, each PUT after the previous one ended; cluster.upgraded; a second change meanwhile is 409", async () => {
    await p.arm.control.clearCalls();
    const res = await p.api("POST", `clusters/${request.requestId}/upgrade`, {
      kubernetesVersion: "1.31",
      maxSurge: "50%",
    });
    assert.equal(res.status, 202, await res.clone().text());
    const started = (await res.json()) as { operationId: string; operationUrl: string; kind: string };
    assert.equal(started.kind, "upgrade");

    const second = await p.api("POST", `clusters/${request.requestId}/stop`);
    assert.equal(second.status, 409);
    const busy = ((await second.json()) as { error: { code: string; target: string } }).error;
    assert.equal(busy.code, "ClusterBusy");
    assert.equal(busy.target, started.operationId);

    const done = await finishedOperation(p, started.operationUrl, 120_000);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(
      done.steps.map((s) => [s.id, s.state]),
      [
        ["controlPlane", "succeeded"],
        ["pool:system", "succeeded"],
        ["pool:apps", "succeeded"],
      ],
    );

    // ARM's call log: the cluster PUT, then one pool's, then the other's — and none refused.
    const { value } = await p.arm.control.calls();
    const puts = value.filter((c) => c.method === "PUT" && c.status < 300);
    const clusterPath = `/managedclusters/${request.cluster.name}`.toLowerCase();
    const which = (path: string) => {
      const lower = path.toLowerCase().split("?")[0] ?? "";
      if (lower.endsWith(clusterPath)) return "cluster";
      const pool = /\/agentpools\/([^/]+)$/.exec(lower);
      return pool ? `pool:${pool[1]}` : lower;
    };
    assert.deepEqual(
      puts.map((c) => which(c.path)),
      ["cluster", "pool:system", "pool:apps"],
    );
    assert.equal(
      value.filter((c) => c.code === "OperationNotAllowed").length,
      0,
      "ARM never saw a write while another ran",
    );
    // ARM's operations: each PUT started after the previous one had reached its terminal state.
    const { operations } = await p.arm.control.state();
    const ours = operations
      .filter((o) => o.method === "PUT" && o.resourceKey.includes(request.cluster.name.toLowerCase()))
      .sort((a, b) => a.startedAtMs - b.startedAtMs)
      .slice(-3);
    assert.equal(ours.length, 3);
    for (const o of ours) assert.equal(o.status, "Succeeded", `${o.resourceKey} ${o.status}`);
    for (let i = 1; i < ours.length; i++) {
      const prev = ours[i - 1] as (typeof ours)[number];
      const end = prev.endedAtMs ?? prev.dueAtMs;
      assert.ok(
        (ours[i] as (typeof ours)[number]).startedAtMs >= end,
        `write ${i} started before write ${i - 1} ended`,
      );
    }

    const cluster = await aks().managedClusters.get(request.resourceGroup, request.cluster.name);
    assert.match(String(cluster.currentKubernetesVersion), /^1\.31\./);
    const version = String(cluster.currentKubernetesVersion);
    for (const name of ["system", "apps"]) {
      const pool = await aks().agentPools.get(request.resourceGroup, request.cluster.name, name);
      assert.equal(pool.currentOrchestratorVersion, version, `pool ${name}`);
      assert.equal(pool.upgradeSettings?.maxSurge, "50%");
    }

    const upgraded = await waitFor(
      () => p.eventsOf(request.requestId).find((e) => e.type === "cluster.upgraded"),
      10_000,
    );
    assert.equal(upgraded.data.toVersion, version);
    assert.deepEqual(
      (upgraded.data.nodePools as { name: string; version: string }[]).map((n) => [n.name, n.version]).sort(),
      [
        ["apps", version],
        ["system", version],
      ],
    );
    const progress = p.eventsOf(request.requestId).filter((e) => e.type === "cluster.operation.progress");
    for (const step of ["controlPlane", "pool:system", "pool:apps"])
      assert.ok(
        progress.some((e) => e.data.operationId === started.operationId && e.data.step === step),
        step,
      );
  });
});
