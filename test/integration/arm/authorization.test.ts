import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { ArmSandbox } from "../../../sandbox/arm/index.js";
import { clientsFor, fastPoll, startTestSandbox, uniqueName } from "./fixtures.js";

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

describe("sandbox/arm role assignments (@azure/arm-authorization, HLC) and identities (@azure/arm-msi)", () => {
  let sandbox: ArmSandbox;
  let clients: ReturnType<typeof clientsFor>;
  let rg: string;
  let registryId: string;
  before(async () => {
    sandbox = await startTestSandbox();
    clients = clientsFor(sandbox);
    rg = uniqueName("rg");
    await clients.resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
    registryId =
      (
        await clients.containerRegistry.registries.create(
          rg,
          uniqueName("acr"),
          { location: "eastus", sku: { name: "Basic" } },
          fastPoll,
        )
      ).id ?? "";
  });
  after(() => sandbox.stop());

  const roleId = () =>
    `/subscriptions/${sandbox.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`;

  it("creates, gets, lists and deletes an AcrPull assignment on a registry scope (leading '/' → '//' on the wire)", async () => {
    const principalId = randomUUID();
    const name = randomUUID();
    const created = await clients.authorization.roleAssignments.create(registryId, name, {
      roleDefinitionId: roleId(),
      principalId,
      principalType: "ServicePrincipal",
    });
    assert.equal(created.principalId, principalId);
    assert.equal(created.scope, registryId);
    assert.equal((await clients.authorization.roleAssignments.get(registryId, name)).roleDefinitionId, roleId());
    const listed: string[] = [];
    for await (const a of clients.authorization.roleAssignments.listForResourceGroup(rg, {
      filter: `principalId eq '${principalId}'`,
    }))
      listed.push(a.name ?? "");
    assert.deepEqual(listed, [name]);
    await clients.authorization.roleAssignments.delete(registryId, name);
    const after: string[] = [];
    for await (const a of clients.authorization.roleAssignments.listForScope(registryId)) after.push(a.name ?? "");
    assert.equal(after.includes(name), false);
  });

  it("answers 409 RoleAssignmentExists for the same (scope, role, principal) under another name", async () => {
    const principalId = randomUUID();
    await clients.authorization.roleAssignments.create(registryId, randomUUID(), {
      roleDefinitionId: roleId(),
      principalId,
    });
    await assert.rejects(
      clients.authorization.roleAssignments.create(registryId, randomUUID(), {
        roleDefinitionId: roleId(),
        principalId,
      }),
      (e: { statusCode?: number; code?: string }) => e.statusCode === 409 && e.code === "RoleAssignmentExists",
    );
  });

  it("rejects a non-GUID assignment name", async () => {
    await assert.rejects(
      clients.authorization.roleAssignments.create(registryId, "not-a-guid", {
        roleDefinitionId: roleId(),
        principalId: randomUUID(),
      }),
      (e: { code?: string }) => e.code === "InvalidRoleAssignmentId",
    );
  });

  it("serves built-in role definitions", async () => {
    const def = await clients.authorization.roleDefinitions.get(`/subscriptions/${sandbox.subscriptionId}`, ACR_PULL);
    assert.equal(def.roleName, "AcrPull");
  });

  it("creates, patches, gets and deletes a user-assigned identity", async () => {
    const identity = await clients.msi.userAssignedIdentities.createOrUpdate(rg, "uami1", { location: "eastus" });
    assert.match(identity.principalId ?? "", /^[0-9a-f-]{36}$/);
    assert.match(identity.clientId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(identity.tenantId, sandbox.tenantId);
    const patched = await clients.msi.userAssignedIdentities.update(rg, "uami1", { tags: { a: "b" } });
    assert.deepEqual(patched.tags, { a: "b" });
    assert.equal((await clients.msi.userAssignedIdentities.get(rg, "uami1")).principalId, identity.principalId);
    await clients.msi.userAssignedIdentities.delete(rg, "uami1");
    await assert.rejects(
      clients.msi.userAssignedIdentities.get(rg, "uami1"),
      (e: { statusCode?: number }) => e.statusCode === 404,
    );
  });
});
