import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { terraformVars } from "../../../cli/terraformVars.js";
import { plan, validateClusterRequest } from "../../../src/request/index.js";
import { blocks, infraDir, parseModule, parseType, repoRoot, resources, typeProblems } from "./hcl.js";

const moduleDir = join(infraDir, "modules/aks");
const examplesDir = join(repoRoot, "examples");
// What `cli plan` assumes when neither the request nor the settings name a subscription (cli/main.ts).
const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

function render(file: string) {
  const result = validateClusterRequest(JSON.parse(readFileSync(join(examplesDir, file), "utf8")));
  assert.ok(result.ok, `${file} is not a valid request`);
  return terraformVars(result.request, plan(result.request, { defaultSubscriptionId: PLACEHOLDER_SUBSCRIPTION }));
}

describe("infra/modules/aks accepts what cli plan --terraform renders", async () => {
  const module = await parseModule(moduleDir);
  const variables = blocks(module, "variable");

  for (const file of readdirSync(examplesDir).filter((f) => f.endsWith(".json"))) {
    it(`examples/${file}: the same variable names, each value of the declared type`, () => {
      const vars = render(file);
      assert.deepEqual(Object.keys(vars).sort(), Object.keys(variables).sort());
      for (const [name, value] of Object.entries(vars)) {
        const type = variables[name]?.type;
        assert.ok(type, `variable ${name} has no type`);
        assert.deepEqual(typeProblems(value, parseType(type), name), []);
      }
    });
  }

  it("the type check itself rejects a misspelt attribute and a wrong type", () => {
    const vars = render("dev-cluster.json");
    const type = parseType(variables.node_pools?.type);
    const pools = vars.node_pools.map((p) => ({ ...p, vmSize: p.vm_size, node_count: "2" }));
    const problems = typeProblems(pools, type, "node_pools");
    assert.ok(problems.some((p) => p.includes("attribute vmSize is not in the type")));
    assert.ok(problems.some((p) => p.includes("node_count: number expected")));
  });

  it("a default-pool taint azurerm cannot carry stops the plan instead of being dropped", () => {
    const cluster = resources(module, "azurerm_kubernetes_cluster").this;
    const preconditions = cluster?.lifecycle?.[0]?.precondition ?? [];
    assert.ok(
      preconditions.some((p: { condition?: string }) => p.condition?.includes("local.default_pool.taints")),
      "no precondition on the default pool's taints",
    );
  });

  it("examples/prod-cluster.json's production profile reaches the module, windows as azurerm's blocks", () => {
    const { cluster } = render("prod-cluster.json");
    assert.equal(cluster.local_account_disabled, true);
    assert.equal(cluster.entra_azure_rbac, true);
    assert.deepEqual(cluster.entra_admin_group_object_ids, ["6f1b1c5e-2d3a-4b8e-9c41-0a7d2e5f8b13"]);
    assert.deepEqual([cluster.automatic_upgrade_channel, cluster.node_os_upgrade_channel], ["patch", "NodeImage"]);
    assert.deepEqual(cluster.maintenance_auto_upgrade, {
      frequency: "RelativeMonthly",
      interval: 1,
      duration: 6,
      day_of_week: "Sunday",
      week_index: "First",
      start_time: "02:00",
      utc_offset: "+01:00",
      not_allowed: [{ start: "2026-12-20T00:00:00Z", end: "2027-01-03T00:00:00Z" }],
    });
    assert.equal((cluster.maintenance_node_os as { start_date?: string }).start_date, "2026-01-10T00:00:00Z");
    const main = resources(module, "azurerm_kubernetes_cluster").this;
    for (const block of ["maintenance_window_auto_upgrade", "maintenance_window_node_os", "oms_agent"])
      assert.ok(JSON.stringify(main?.dynamic ?? {}).includes(block), `main.tf has no ${block} block`);
  });

  it("every variable has a description", () => {
    for (const [name, body] of Object.entries(variables))
      assert.ok((body as { description?: string }).description, `${name} has no description`);
  });

  it("examples/dev is examples/dev-cluster.json rendered, and passes every variable to the module", async () => {
    const dir = join(moduleDir, "examples/dev");
    const committed = JSON.parse(readFileSync(join(dir, "dev-cluster.tfvars.json"), "utf8"));
    assert.deepEqual(committed, render("dev-cluster.json"), "run: cli plan --terraform examples/dev-cluster.json");
    const example = await parseModule(dir);
    const call = blocks(example, "module").aks as Record<string, string>;
    for (const name of Object.keys(variables))
      assert.equal(call[name], `\${local.request.${name}}`, `examples/dev does not pass ${name}`);
  });
});
