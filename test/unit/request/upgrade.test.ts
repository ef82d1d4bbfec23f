import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkUpgradeBody,
  compareVersions,
  controlPlaneUpgradeBody,
  poolUpgradeBody,
  surgeNodes,
  surgeQuotaProblem,
  upgradeTarget,
} from "../../../src/request/index.js";

describe("upgrade: the body", () => {
  it("takes kubernetesVersion and an optional maxSurge (count or percentage)", () => {
    assert.deepEqual(checkUpgradeBody({ kubernetesVersion: "1.31" }), {
      ok: true,
      value: { kubernetesVersion: "1.31" },
    });
    assert.deepEqual(checkUpgradeBody({ kubernetesVersion: "1.31.8", maxSurge: "33%" }), {
      ok: true,
      value: { kubernetesVersion: "1.31.8", maxSurge: "33%" },
    });
    assert.deepEqual(checkUpgradeBody({ kubernetesVersion: "1.31.8", maxSurge: 2 }), {
      ok: true,
      value: { kubernetesVersion: "1.31.8", maxSurge: "2" },
    });
  });
  it("lists every problem with its path and code", () => {
    const r = checkUpgradeBody({ kubernetesVersion: "latest", maxSurge: "150%", extra: 1 });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.problems.map((p) => [p.path, p.code]).sort(), [
      ["extra", "UnknownField"],
      ["kubernetesVersion", "InvalidVersion"],
      ["maxSurge", "InvalidMaxSurge"],
    ]);
    const missing = checkUpgradeBody({ maxSurge: "0" });
    assert.ok(!missing.ok && missing.problems.some((p) => p.code === "Required"));
    assert.ok(!missing.ok && missing.problems.some((p) => p.code === "InvalidMaxSurge"));
    const notObject = checkUpgradeBody([]);
    assert.ok(!notObject.ok && notObject.problems[0]?.code === "InvalidType");
  });
});

describe("upgrade: versions and the upgrade path", () => {
  const offered = ["1.30.10", "1.30.14", "1.31.2", "1.31.11", "1.31.8"];
  it("compares versions numerically", () => {
    assert.ok(compareVersions("1.30.10", "1.30.6") > 0);
    assert.ok(compareVersions("1.9", "1.10.0") < 0);
    assert.equal(compareVersions("1.31", "1.31.0"), 0);
  });
  it("takes an offered patch as it is, and a minor as its latest offered patch", () => {
    assert.deepEqual(upgradeTarget("1.30.14", "1.30.6", offered), { ok: true, version: "1.30.14" });
    assert.deepEqual(upgradeTarget("1.31", "1.30.6", offered), { ok: true, version: "1.31.11" });
  });
  it("refuses the same version, a downgrade, and a version not offered (naming the offered ones)", () => {
    const code = (r: ReturnType<typeof upgradeTarget>) => (r.ok ? "ok" : r.problem.code);
    assert.equal(code(upgradeTarget("1.30.6", "1.30.6", offered)), "SameVersion");
    assert.equal(code(upgradeTarget("1.30", "1.30.6", offered)), "SameVersion");
    assert.equal(code(upgradeTarget("1.29.9", "1.30.6", offered)), "DowngradeNotAllowed");
    const far = upgradeTarget("1.33", "1.30.6", offered);
    assert.equal(code(far), "UpgradePathNotOffered");
    assert.ok(!far.ok && far.problem.path === "kubernetesVersion");
    assert.ok(!far.ok && offered.every((v) => far.problem.message.includes(v)));
    assert.match(!far.ok ? far.problem.message : "", /none|1\.31/);
    const nothing = upgradeTarget("1.31", "1.31.2", []);
    assert.equal(code(nothing), "SameVersion");
    assert.match(!nothing.ok ? nothing.problem.message : "", /offered: none/);
  });
});

describe("upgrade: surge nodes and quota", () => {
  it("counts surge nodes as AKS does: a count, or the percentage of the pool rounded up (at least 1)", () => {
    assert.equal(surgeNodes(10, "3"), 3);
    assert.equal(surgeNodes(10, "33%"), 4);
    assert.equal(surgeNodes(1, "10%"), 1);
    assert.equal(surgeNodes(2), 1, "AKS's default is 10%");
    assert.equal(surgeNodes(20, "100%"), 20);
  });
  it("needs the largest pool's surge per family (pools upgrade one at a time), and names what is short", () => {
    const pools = [
      { name: "system", count: 1, family: "standardDSv5Family", vcpusPerNode: 2 },
      { name: "apps", count: 4, family: "standardDSv5Family", vcpusPerNode: 4 },
    ];
    const usages = [
      { name: "standardDSv5Family", current: 18, limit: 26 },
      { name: "cores", current: 18, limit: 100 },
    ];
    assert.equal(surgeQuotaProblem(pools, usages, "50%", "westeurope"), undefined, "2 nodes × 4 = 8 fits");
    const short = surgeQuotaProblem(pools, usages, "3", "westeurope");
    assert.equal(short?.code, "QuotaExceeded");
    assert.equal(short?.path, "maxSurge");
    assert.match(short?.message ?? "", /standardDSv5Family needs 12 vCPUs for surge nodes, 8 free/);
    assert.equal(surgeQuotaProblem(pools, [], "3", "westeurope"), undefined, "no usage reported: nothing to check");
  });
});

describe("upgrade: the PUT bodies", () => {
  it("changes only the cluster's version and names every pool at the version it runs", () => {
    const live = {
      location: "westeurope",
      kubernetesVersion: "1.30",
      dnsPrefix: "x",
      agentPoolProfiles: [
        { name: "system", count: 1, orchestratorVersion: "1.30", currentOrchestratorVersion: "1.30.6" },
        { name: "apps", count: 2, orchestratorVersion: "1.30.6" },
      ],
    };
    const body = controlPlaneUpgradeBody(live, "1.31.11");
    assert.equal(body.kubernetesVersion, "1.31.11");
    assert.equal(body.dnsPrefix, "x");
    assert.deepEqual(
      body.agentPoolProfiles.map((p) => [p.name, p.count, p.orchestratorVersion]),
      [
        ["system", 1, "1.30.6"],
        ["apps", 2, "1.30.6"],
      ],
    );
    assert.equal(live.kubernetesVersion, "1.30", "the live reading is not changed");
  });
  it("sets a pool's version and surge, keeping the rest (and its surge when none is asked for)", () => {
    const live = { count: 3, upgradeSettings: { maxSurge: "1", drainTimeoutInMinutes: 30 } };
    assert.deepEqual(poolUpgradeBody(live, "1.31.11", "33%"), {
      count: 3,
      orchestratorVersion: "1.31.11",
      upgradeSettings: { maxSurge: "33%", drainTimeoutInMinutes: 30 },
    });
    assert.equal(poolUpgradeBody(live, "1.31.11", undefined).upgradeSettings.maxSurge, "1");
    assert.equal(poolUpgradeBody({}, "1.31.11", undefined).upgradeSettings.maxSurge, "10%");
  });
});
