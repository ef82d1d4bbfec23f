import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, it } from "node:test";
import { fastPoll, uniqueName, useSandbox } from "./fixtures.js";

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

describe("sandbox/arm role assignments (@azure/arm-authorization, HLC) and identities (@azure/arm-msi)", () => {
  const arm = useSandbox();
  let registryId: string;
  before(async () => {
    registryId =
      (
        await arm.clients.containerRegistry.registries.create(
          arm.rg,
          uniqueName("acr"),
          { location: "eastus", sku: { name: "Basic" } },
          fastPoll,
        )
      ).id ?? "";
  });

  const roleId = () =>
    `/subscriptions/${arm.sandbox.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`;

  it("creates, gets, lists and deletes an AcrPull assignment on a registry scope (leading '/' → '//' on the wire)", async () => {
    const principalId = randomUUID();
    const name = randomUUID();
    const created = await arm.clients.authorization.roleAssignments.create(registryId, name, {
      roleDefinitionId: roleId(),
      principalId,
      principalType: "ServicePrincipal",
    });
    assert.equal(created.principalId, principalId);
    assert.equal(created.scope, registryId);
    assert.equal((await arm.clients.authorization.roleAssignments.get(registryId, name)).roleDefinitionId, roleId());
    const listed: string[] = [];
    for await (const a of arm.clients.authorization.roleAssignments.listForResourceGroup(arm.rg, {
      filter: `principalId eq '${principalId}'`,
    }))
      listed.push(a.name ?? "");
    assert.deepEqual(listed, [name]);
    await arm.clients.authorization.roleAssignments.delete(registryId, name);
    const after: string[] = [];
    for await (const a of arm.clients.authorization.roleAssignments.listForScope(registryId)) after.push(a.name ?? "");
    assert.equal(after.includes(name), false);
  });

  it("answers 409 RoleAssignmentExists for the same (scope, role, principal) under another name", async () => {
    const principalId = randomUUID();
    await arm.clients.authorization.roleAssignments.create(registryId, randomUUID(), {
      roleDefinitionId: roleId(),
      principalId,
    });
    await assert.rejects(
      arm.clients.authorization.roleAssignments.create(registryId, randomUUID(), {
        roleDefinitionId: roleId(),
        principalId,
      }),
      (e: { statusCode?: number; code?: string }) => e.statusCode === 409 && e.code === "RoleAssignmentExists",
    );
  });

  it("rejects a non-GUID assignment name", async () => {
    await assert.rejects(
      arm.clients.authorization.roleAssignments.create(registryId, "not-a-guid", {
        roleDefinitionId: roleId(),
        principalId: randomUUID(),
      }),
      (e: { code?: string }) => e.code === "InvalidRoleAssignmentId",
    );
  });

  it("serves built-in role definitions", async () => {
    const def = await arm.clients.authorization.roleDefinitions.get(
      `/subscriptions/${arm.sandbox.subscriptionId}`,
      ACR_PULL,
    );
    assert.equal(def.roleName, "AcrPull");
  });

  it("creates, patches, gets and deletes a user-assigned identity", async () => {
    const identity = await arm.clients.msi.userAssignedIdentities.createOrUpdate(arm.rg, "uami1", {
      location: "eastus",
    });
    assert.match(identity.principalId ?? "", /^[0-9a-f-]{36}$/);
    assert.match(identity.clientId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(identity.tenantId, arm.sandbox.tenantId);
    const patched = await arm.clients.msi.userAssignedIdentities.update(arm.rg, "uami1", { tags: { a: "b" } });
    assert.deepEqual(patched.tags, { a: "b" });
    assert.equal((await arm.clients.msi.userAssignedIdentities.get(arm.rg, "uami1")).principalId, identity.principalId);
    await arm.clients.msi.userAssignedIdentities.delete(arm.rg, "uami1");
    await assert.rejects(
      arm.clients.msi.userAssignedIdentities.get(arm.rg, "uami1"),
      (e: { statusCode?: number }) => e.statusCode === 404,
    );
  });
});
