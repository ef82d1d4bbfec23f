import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import type { ArmSandbox } from "../../../sandbox/arm/index.js";
import { clientsFor, fastPoll, startTestSandbox, uniqueName } from "./fixtures.js";

describe("sandbox/arm container registries via @azure/arm-containerregistry", () => {
  let sandbox: ArmSandbox;
  let clients: ReturnType<typeof clientsFor>;
  let rg: string;
  before(async () => {
    sandbox = await startTestSandbox();
    clients = clientsFor(sandbox);
    rg = uniqueName("rg");
    await clients.resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
  });
  after(() => sandbox.stop());

  it("creates a registry and returns ARM's registry shape", async () => {
    const name = uniqueName("acr");
    const acr = await clients.containerRegistry.registries.create(
      rg,
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
    assert.equal(
      (
        await clients.containerRegistry.registries.checkNameAvailability({
          name,
          type: "Microsoft.ContainerRegistry/registries",
        })
      ).nameAvailable,
      true,
    );
    await clients.containerRegistry.registries.create(
      rg,
      name,
      { location: "eastus", sku: { name: "Basic" } },
      fastPoll,
    );
    const taken = await clients.containerRegistry.registries.checkNameAvailability({
      name,
      type: "Microsoft.ContainerRegistry/registries",
    });
    assert.equal(taken.nameAvailable, false);
    assert.equal(taken.reason, "AlreadyExists");
    const other = uniqueName("rg");
    await clients.resources.resourceGroups.createOrUpdate(other, { location: "eastus" });
    await assert.rejects(
      clients.containerRegistry.registries.create(
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
      clients.containerRegistry.registries.create(rg, "ab-c", { location: "eastus", sku: { name: "Basic" } }, fastPoll),
      (e) => isRestError(e) && e.statusCode === 400 && e.code === "InvalidParameter",
    );
  });

  it("adds a geo-replica to a Premium registry and refuses one on Basic", async () => {
    const premium = uniqueName("acr");
    await clients.containerRegistry.registries.create(
      rg,
      premium,
      { location: "eastus", sku: { name: "Premium" } },
      fastPoll,
    );
    const replica = await clients.containerRegistry.replications.create(
      rg,
      premium,
      "westeurope",
      { location: "westeurope" },
      fastPoll,
    );
    assert.equal(replica.provisioningState, "Succeeded");
    assert.equal(replica.location, "westeurope");
    const basic = uniqueName("acr");
    await clients.containerRegistry.registries.create(
      rg,
      basic,
      { location: "eastus", sku: { name: "Basic" } },
      fastPoll,
    );
    await assert.rejects(
      clients.containerRegistry.replications.create(rg, basic, "westeurope", { location: "westeurope" }, fastPoll),
      (e) => isRestError(e) && e.code === "GeoReplicationNotSupported",
    );
  });

  it("deletes a registry, freeing its name", async () => {
    const name = uniqueName("acr");
    await clients.containerRegistry.registries.create(
      rg,
      name,
      { location: "eastus", sku: { name: "Basic" } },
      fastPoll,
    );
    await clients.containerRegistry.registries.delete(rg, name, fastPoll);
    await assert.rejects(
      clients.containerRegistry.registries.get(rg, name),
      (e) => isRestError(e) && e.statusCode === 404,
    );
    assert.equal(
      (
        await clients.containerRegistry.registries.checkNameAvailability({
          name,
          type: "Microsoft.ContainerRegistry/registries",
        })
      ).nameAvailable,
      true,
    );
  });
});
