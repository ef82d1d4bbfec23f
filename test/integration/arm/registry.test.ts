import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm container registries via @azure/arm-containerregistry", () => {
  const arm = useSandbox();
  const checkName = (name: string) =>
    arm.clients.containerRegistry.registries.checkNameAvailability({
      name,
      type: "Microsoft.ContainerRegistry/registries",
    });

  it("creates a registry and returns ARM's registry shape", async () => {
    const name = uniqueName("acr");
    const acr = await arm.clients.containerRegistry.registries.create(
      arm.rg,
      name,
      { location: "eastus", sku: { name: "Standard" } },
      fastPoll,
    );
    assert.equal(acr.provisioningState, "Succeeded");
    assert.equal(acr.loginServer, `${name}.azurecr.io`);
    assert.equal(acr.sku.tier, "Standard");
    assert.equal(acr.publicNetworkAccess, "Enabled");
    assert.ok(acr.creationDate instanceof Date);
  });

  it("reports name availability and enforces global uniqueness across resource groups", async () => {
    const name = uniqueName("acr");
    assert.equal((await checkName(name)).nameAvailable, true);
    await arm.clients.containerRegistry.registries.create(
      arm.rg,
      name,
      { location: "eastus", sku: { name: "Basic" } },
      fastPoll,
    );
    const taken = await checkName(name);
    assert.equal(taken.nameAvailable, false);
    assert.equal(taken.reason, "AlreadyExists");
    const other = await arm.newResourceGroup();
    await assert.rejects(
      arm.clients.containerRegistry.registries.create(
        other,
        name.toUpperCase(),
        { location: "eastus", sku: { name: "Basic" } },
        fastPoll,
      ),
      (e) => isRestError(e) && e.code === "AlreadyInUse",
    );
  });

  it("rejects an invalid name with InvalidParameter", async () => {
    await assert.rejects(
      arm.clients.containerRegistry.registries.create(
        arm.rg,
        "ab-c",
        { location: "eastus", sku: { name: "Basic" } },
        fastPoll,
      ),
      (e) => isRestError(e) && e.statusCode === 400 && e.code === "InvalidParameter",
    );
  });

  it("adds a geo-replica to a Premium registry and refuses one on Basic", async () => {
    const premium = uniqueName("acr");
    await arm.clients.containerRegistry.registries.create(
      arm.rg,
      premium,
      { location: "eastus", sku: { name: "Premium" } },
      fastPoll,
    );
    const replica = await arm.clients.containerRegistry.replications.create(
      arm.rg,
      premium,
      "westeurope",
      { location: "westeurope" },
      fastPoll,
    );
    assert.equal(replica.provisioningState, "Succeeded");
    assert.equal(replica.location, "westeurope");
    const basic = uniqueName("acr");
    await arm.clients.containerRegistry.registries.create(
      arm.rg,
      basic,
      { location: "eastus", sku: { name: "Basic" } },
      fastPoll,
    );
    await assert.rejects(
      arm.clients.containerRegistry.replications.create(
        arm.rg,
        basic,
        "westeurope",
        { location: "westeurope" },
        fastPoll,
      ),
      (e) => isRestError(e) && e.code === "GeoReplicationNotSupported",
    );
  });

  it("deletes a registry, freeing its name", async () => {
    const name = uniqueName("acr");
    await arm.clients.containerRegistry.registries.create(
      arm.rg,
      name,
      { location: "eastus", sku: { name: "Basic" } },
      fastPoll,
    );
    await arm.clients.containerRegistry.registries.delete(arm.rg, name, fastPoll);
    await assert.rejects(
      arm.clients.containerRegistry.registries.get(arm.rg, name),
      (e) => isRestError(e) && e.statusCode === 404,
    );
    assert.equal((await checkName(name)).nameAvailable, true);
  });
});
