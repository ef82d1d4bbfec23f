import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { BUILT_IN_ROLES } from "../../../src/request/roles.js";
import { infraDir, locals, parseModule, resources, tf } from "./hcl.js";

const infra = await parseModule(infraDir);
const assignments = resources(infra, "azurerm_role_assignment");
const planRoles = JSON.parse(readFileSync(join(infraDir, "plan-roles.json"), "utf8")) as string[];

it("infra/plan-roles.json lists exactly the roles src/request/roles.ts assigns (npm run docs:generate)", () => {
  assert.deepEqual(planRoles, Object.values(BUILT_IN_ROLES));
});

it("the app identity's role assignments: storage data, per-entity Service Bus data, Contributor and constrained RBAC admin on the target scopes", () => {
  const summary = Object.fromEntries(
    Object.entries(assignments).map(([name, a]) => [name, { role: a.role_definition_name, scope: a.scope }]),
  );
  assert.deepEqual(summary, {
    storage: { role: tf("each.key"), scope: tf("azurerm_storage_account.this.id") },
    requests_receiver: { role: "Azure Service Bus Data Receiver", scope: tf("azurerm_servicebus_queue.requests.id") },
    events_sender: { role: "Azure Service Bus Data Sender", scope: tf("azurerm_servicebus_topic.events.id") },
    target_contributor: { role: "Contributor", scope: tf("each.key") },
    target_rbac_admin: { role: "Role Based Access Control Administrator", scope: tf("each.key") },
  });
  assert.equal(assignments.target_contributor?.for_each, tf("toset(var.target_scopes)"));
  assert.equal(assignments.target_rbac_admin?.for_each, tf("toset(var.target_scopes)"));
  assert.deepEqual(locals(infra).storage_roles, [
    "Storage Blob Data Owner",
    "Storage Queue Data Contributor",
    "Storage Table Data Contributor",
  ]);
});

it("the RBAC admin's ABAC condition allows writing and deleting exactly the plan's roles, read from plan-roles.json", () => {
  const admin = assignments.target_rbac_admin;
  assert.equal(admin?.condition_version, "2.0");
  const local = locals(infra);
  assert.equal(local.plan_role_ids, `\${jsondecode(file("\${path.module}/plan-roles.json"))}`);
  assert.equal(local.plan_role_set, `\${join(", ", local.plan_role_ids)}`);
  // The condition as Azure receives it, with the list substituted.
  const condition = String(admin?.condition).replaceAll(tf("local.plan_role_set"), planRoles.join(", "));
  for (const [action, attribute] of [
    ["write", "@Request"],
    ["delete", "@Resource"],
  ]) {
    const clause = new RegExp(
      `\\(!\\(ActionMatches\\{'Microsoft\\.Authorization/roleAssignments/${action}'\\}\\)\\)\\s*OR\\s*\\(${attribute}\\[Microsoft\\.Authorization/roleAssignments:RoleDefinitionId\\] ForAnyOfAnyValues:GuidEquals \\{([^}]*)\\}\\)`,
    ).exec(condition);
    assert.ok(clause, `no ${action} clause in the condition`);
    assert.deepEqual(
      clause[1]?.split(",").map((s) => s.trim()),
      Object.values(BUILT_IN_ROLES),
      `${action} clause's roles`,
    );
  }
});

const tfFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === ".terraform"
        ? []
        : tfFiles(join(dir, e.name))
      : e.name.endsWith(".tf")
        ? [join(dir, e.name)]
        : [],
  );

it("no Owner or User Access Administrator anywhere, and no secret literal in any .tf", () => {
  const files = tfFiles(infraDir);
  assert.ok(files.length >= 8, "infra/ and infra/modules/aks are read");
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /"(Owner|User Access Administrator|Azure Service Bus Data Owner)"/, file);
    assert.doesNotMatch(text, /8e3af657-a8ff-443c-a75c-2fe8c4bcb635|18d7d88d-d35e-4fb5-a5c3-7773c20a72d9/i, file);
    assert.doesNotMatch(text, /(AccountKey|SharedAccessKey|client_secret|password)\s*=/i, file);
    assert.doesNotMatch(text, /Endpoint=sb:\/\/|DefaultEndpointsProtocol=/, file);
  }
});
