import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ResourceManagementClient } from "@azure/arm-resources";
import { isRestError } from "@azure/core-rest-pipeline";
import { sandboxClientOptions, sandboxCredential } from "../../../sandbox/arm/index.js";
import { aCluster, fastPoll, rawRequest, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm resource groups and ARM envelope", () => {
  const arm = useSandbox({ resourceGroup: false });

  it("creates (201), updates (200), gets and lists a resource group", async () => {
    const name = uniqueName("rg");
    const created = await arm.clients.resources.resourceGroups.createOrUpdate(name, {
      location: "East US",
      tags: { a: "1" },
    });
    assert.equal(created.location, "eastus");
    assert.equal(created.properties?.provisioningState, "Succeeded");
    assert.equal(created.id, `/subscriptions/${arm.sandbox.subscriptionId}/resourceGroups/${name}`);
    await arm.clients.resources.resourceGroups.createOrUpdate(name, { location: "eastus", tags: { a: "2" } });
    const got = await arm.clients.resources.resourceGroups.get(name);
    assert.deepEqual(got.tags, { a: "2" });
    const names: string[] = [];
    for await (const rg of arm.clients.resources.resourceGroups.list()) names.push(rg.name ?? "");
    assert.ok(names.includes(name));
  });

  it("rejects an unknown region with LocationNotAvailableForResourceGroup", async () => {
    await assert.rejects(
      arm.clients.resources.resourceGroups.createOrUpdate(uniqueName("rg"), { location: "marsnorth" }),
      (e) => isRestError(e) && e.statusCode === 400 && e.code === "LocationNotAvailableForResourceGroup",
    );
  });

  it("pages lists with nextLink, which the SDK follows", async () => {
    await arm.sandbox.control.settings({ pageSize: 2 });
    try {
      const prefix = uniqueName("page");
      for (let i = 0; i < 5; i++)
        await arm.clients.resources.resourceGroups.createOrUpdate(`${prefix}-${i}`, { location: "eastus" });
      const names: string[] = [];
      for await (const rg of arm.clients.resources.resourceGroups.list()) names.push(rg.name ?? "");
      assert.equal(names.filter((n) => n.startsWith(prefix)).length, 5);
      const first = await rawRequest(
        arm.sandbox,
        "GET",
        `/subscriptions/${arm.sandbox.subscriptionId}/resourcegroups?api-version=2025-04-01`,
      );
      assert.equal(first.body.value.length, 2);
      assert.match(first.body.nextLink, /%24skiptoken=2$/);
    } finally {
      await arm.sandbox.control.settings({ pageSize: 100 });
    }
  });

  it("answers checkExistence with 204/404 (as booleans)", async () => {
    const name = uniqueName("rg");
    assert.equal((await arm.clients.resources.resourceGroups.checkExistence(name)).body, false);
    await arm.clients.resources.resourceGroups.createOrUpdate(name, { location: "eastus" });
    assert.equal((await arm.clients.resources.resourceGroups.checkExistence(name)).body, true);
  });

  it("surfaces a missing group as RestError 404 ResourceGroupNotFound", async () => {
    await assert.rejects(arm.clients.resources.resourceGroups.get(uniqueName("missing")), (e) => {
      assert.ok(isRestError(e));
      assert.equal(e.statusCode, 404);
      assert.equal(e.code, "ResourceGroupNotFound");
      return true;
    });
  });

  it("deletes a group through its Location poller and cascades to its resources", async () => {
    const name = await arm.newResourceGroup();
    await arm.clients.network.virtualNetworks.createOrUpdate(
      name,
      "vnet",
      {
        location: "eastus",
        addressSpace: { addressPrefixes: ["10.1.0.0/16"] },
        subnets: [{ name: "a", addressPrefix: "10.1.0.0/24" }],
      },
      fastPoll,
    );
    await arm.clients.compute.disks.createOrUpdate(
      name,
      "d1",
      { location: "eastus", creationData: { createOption: "Empty" }, diskSizeGB: 8 },
      fastPoll,
    );
    await arm.clients.resources.resourceGroups.delete(name, fastPoll);
    assert.equal((await arm.clients.resources.resourceGroups.checkExistence(name)).body, false);
    const state = await arm.sandbox.control.state();
    assert.equal(
      state.resources.filter((r) => String(r.id).toLowerCase().includes(`/resourcegroups/${name}/`)).length,
      0,
    );
  });

  it("takes an AKS cluster's node resource group along when its group is deleted", async () => {
    const name = await arm.newResourceGroup();
    const mc = await arm.clients.containerService.managedClusters.createOrUpdate(
      name,
      "c1",
      aCluster({ dnsPrefix: "c1" }),
      fastPoll,
    );
    assert.equal((await arm.clients.resources.resourceGroups.checkExistence(mc.nodeResourceGroup ?? "")).body, true);
    await arm.clients.resources.resourceGroups.delete(name, fastPoll);
    assert.equal((await arm.clients.resources.resourceGroups.checkExistence(mc.nodeResourceGroup ?? "")).body, false);
  });

  it("refuses a request without a bearer token with 401 AuthenticationFailed", async () => {
    const res = await rawRequest(
      arm.sandbox,
      "GET",
      `/subscriptions/${arm.sandbox.subscriptionId}/resourcegroups?api-version=2025-04-01`,
      { auth: false },
    );
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "AuthenticationFailed");
    assert.ok(res.headers["www-authenticate"]);
  });

  it("requires api-version and lists the supported ones for an unknown version", async () => {
    const missing = await rawRequest(arm.sandbox, "GET", `/subscriptions/${arm.sandbox.subscriptionId}/resourcegroups`);
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, "MissingApiVersionParameter");
    const client = new ResourceManagementClient(sandboxCredential(), arm.sandbox.subscriptionId, {
      ...sandboxClientOptions(arm.sandbox),
      apiVersion: "2099-01-01",
    });
    await assert.rejects(client.resourceGroups.get("x"), (e) => {
      assert.ok(isRestError(e));
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, "NoRegisteredProviderFound");
      assert.match(e.message, /2025-04-01/);
      return true;
    });
  });

  it("answers a malformed JSON body with 400 InvalidRequestContent", async () => {
    const res = await rawRequest(
      arm.sandbox,
      "PUT",
      `/subscriptions/${arm.sandbox.subscriptionId}/resourcegroups/${uniqueName("rg")}?api-version=2025-04-01`,
      { body: "{not json" },
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "InvalidRequestContent");
  });

  it("matches paths case-insensitively and collapses repeated slashes", async () => {
    const name = await arm.newResourceGroup();
    const res = await rawRequest(
      arm.sandbox,
      "GET",
      `//SUBSCRIPTIONS/${arm.sandbox.subscriptionId}//ResourceGroups/${name.toUpperCase()}?api-version=2025-04-01`,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.name, name);
  });

  it("serves GET /subscriptions and /metadata/endpoints like ARM", async () => {
    const subs = await rawRequest(arm.sandbox, "GET", "/subscriptions?api-version=2022-12-01");
    assert.equal(subs.status, 200);
    assert.ok(
      subs.body.value.some(
        (s: { subscriptionId: string; state: string }) =>
          s.subscriptionId === arm.sandbox.subscriptionId && s.state === "Enabled",
      ),
    );
    const meta = await rawRequest(arm.sandbox, "GET", "/metadata/endpoints?api-version=2022-09-01", { auth: false });
    assert.equal(meta.status, 200);
    assert.equal(meta.body[0].resourceManager, `${arm.sandbox.url}/`);
    const old = await rawRequest(arm.sandbox, "GET", "/metadata/endpoints?api-version=2019-05-01", { auth: false });
    assert.equal(old.body.resourceManager, `${arm.sandbox.url}/`);
  });

  it("reports every implemented resource provider as Registered (register is a no-op)", async () => {
    const aks = await arm.clients.resources.providers.register("Microsoft.ContainerService");
    assert.equal(aks.registrationState, "Registered");
    assert.ok(
      aks.resourceTypes?.find((t) => t.resourceType === "managedClusters")?.apiVersions?.includes("2026-06-01"),
    );
    assert.equal((await arm.clients.resources.providers.get("microsoft.network")).namespace, "Microsoft.Network");
    await assert.rejects(
      arm.clients.resources.providers.get("Microsoft.Nope"),
      (e) => isRestError(e) && e.statusCode === 404,
    );
  });

  it("stamps request ids and the remaining-reads counter on every response", async () => {
    const res = await rawRequest(
      arm.sandbox,
      "GET",
      `/subscriptions/${arm.sandbox.subscriptionId}/resourcegroups?api-version=2025-04-01`,
      { headers: { "x-ms-client-request-id": "abc-123" } },
    );
    assert.ok(res.headers["x-ms-request-id"]);
    assert.equal(res.headers["x-ms-correlation-request-id"], "abc-123");
    assert.match(String(res.headers["x-ms-ratelimit-remaining-subscription-reads"]), /^\d+$/);
  });
});
