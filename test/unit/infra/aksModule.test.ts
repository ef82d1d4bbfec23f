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
