import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { planTree } from "../../../cli/planTree.js";
import { plan, validateClusterRequest } from "../../../src/request/index.js";

const example = JSON.parse(readFileSync(new URL("../../../examples/dev-cluster.json", import.meta.url), "utf8"));

describe("planTree", () => {
  const result = validateClusterRequest(example);
  assert.ok(result.ok);
  const lines = planTree(plan(result.request, { defaultSubscriptionId: "00000000-0000-0000-0000-000000000001" }));

  it("shows the stages in order, the parallel ones marked, readiness after the cluster and its settings", () => {
    const stages = lines.filter((l) => /^[├└]─ /.test(l)).map((l) => l.slice(3));
    assert.deepEqual(stages, [
      "resourceGroup",
      "dependencies (in parallel)",
      "cluster",
      "clusterSettings",
      "readiness",
      "roleAssignments (in parallel)",
    ]);
  });

  it("puts each branch under its stage and each write under its branch", () => {
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    assert.ok(
      at("├─ dependencies") < at("├─ network") &&
        at("├─ network") < at("virtualNetworks.createOrUpdate team-dev-vnet 10.10.0.0/16"),
    );
    assert.ok(lines.some((l) => /└─ disk:team-dev-data$/.test(l)));
    assert.ok(lines.some((l) => l.includes("registries.create teamdevacr2001 (Basic)")));
    assert.ok(lines.some((l) => l.includes("system×1 Standard_D2s_v5, apps×2 Standard_D4s_v5")));
    assert.ok(lines.some((l) => l.includes("AcrPull for the kubelet identity on registries/teamdevacr2001")));
  });

  it("closes the tree: the last stage's children are indented without a rail", () => {
    const last = lines.at(-1) ?? "";
    assert.match(last, /^ {3}└─ diskAccess:team-dev-data|^ {6}└─ roleAssignments\.create/);
  });
});
