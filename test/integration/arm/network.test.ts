import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { aCluster, fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm virtual networks and subnets via @azure/arm-network", () => {
  const arm = useSandbox();

  const vnetBody = (subnets: { name: string; addressPrefix: string }[] = []) => ({
    location: "eastus",
    addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
    subnets,
  });

  it("creates a VNet with subnets through the Azure-AsyncOperation poller", async () => {
    const vnet = await arm.clients.network.virtualNetworks.createOrUpdate(
      arm.rg,
      "vnet1",
      vnetBody([{ name: "aks", addressPrefix: "10.10.0.0/22" }]),
      fastPoll,
    );
    assert.equal(vnet.provisioningState, "Succeeded");
    assert.equal(vnet.subnets?.[0]?.name, "aks");
    assert.equal(vnet.subnets?.[0]?.provisioningState, "Succeeded");
    const subnet = await arm.clients.network.subnets.get(arm.rg, "vnet1", "aks");
    assert.equal(subnet.addressPrefix, "10.10.0.0/22");
    const calls = await arm.sandbox.control.calls();
    const put = calls.value.find((c) => c.method === "PUT" && c.resourceType === "Microsoft.Network/virtualNetworks");
    assert.equal(put?.status, 201);
    assert.equal(put?.apiVersion, "2026-01-01");
  });

  it("adds, lists and deletes a subnet", async () => {
    await arm.clients.network.virtualNetworks.createOrUpdate(
      arm.rg,
      "vnet2",
      vnetBody([{ name: "a", addressPrefix: "10.10.0.0/24" }]),
      fastPoll,
    );
    const b = await arm.clients.network.subnets.createOrUpdate(
      arm.rg,
      "vnet2",
      "b",
      { addressPrefix: "10.10.1.0/24" },
      fastPoll,
    );
    assert.equal(b.provisioningState, "Succeeded");
    const names: string[] = [];
    for await (const s of arm.clients.network.subnets.list(arm.rg, "vnet2")) names.push(s.name ?? "");
    assert.deepEqual(names.sort(), ["a", "b"]);
    await arm.clients.network.subnets.delete(arm.rg, "vnet2", "b", fastPoll);
    await assert.rejects(
      arm.clients.network.subnets.get(arm.rg, "vnet2", "b"),
      (e) => isRestError(e) && e.statusCode === 404,
    );
  });

  it("rejects a subnet outside the VNet with NetcfgSubnetRangeOutsideVnet", async () => {
    await arm.clients.network.virtualNetworks.createOrUpdate(arm.rg, "vnet3", vnetBody(), fastPoll);
    await assert.rejects(
      arm.clients.network.subnets.createOrUpdate(arm.rg, "vnet3", "out", { addressPrefix: "10.99.0.0/24" }, fastPoll),
      (e) => {
        assert.ok(isRestError(e));
        assert.equal(e.statusCode, 400);
        assert.equal(e.code, "NetcfgSubnetRangeOutsideVnet");
        return true;
      },
    );
  });

  it("rejects overlapping subnets with NetcfgSubnetRangesOverlap", async () => {
    await arm.clients.network.virtualNetworks.createOrUpdate(
      arm.rg,
      "vnet4",
      vnetBody([{ name: "a", addressPrefix: "10.10.0.0/24" }]),
      fastPoll,
    );
    await assert.rejects(
      arm.clients.network.subnets.createOrUpdate(arm.rg, "vnet4", "b", { addressPrefix: "10.10.0.128/25" }, fastPoll),
      (e) => isRestError(e) && e.code === "NetcfgSubnetRangesOverlap",
    );
  });

  it("deletes a VNet (AAO, no final GET) and answers 204 for one that is gone", async () => {
    await arm.clients.network.virtualNetworks.createOrUpdate(arm.rg, "vnet5", vnetBody(), fastPoll);
    await arm.clients.network.virtualNetworks.delete(arm.rg, "vnet5", fastPoll);
    await assert.rejects(
      arm.clients.network.virtualNetworks.get(arm.rg, "vnet5"),
      (e) => isRestError(e) && e.code === "ResourceNotFound",
    );
    let status: number | undefined;
    await arm.clients.network.virtualNetworks.delete(arm.rg, "vnet5", {
      ...fastPoll,
      onResponse: (r) => {
        status ??= r.status;
      },
    });
    assert.equal(status, 204);
  });

  it("refuses to delete a subnet a cluster's pool uses with InUseSubnetCannotBeDeleted", async () => {
    const vnet = await arm.clients.network.virtualNetworks.createOrUpdate(
      arm.rg,
      "vnet7",
      vnetBody([{ name: "aks", addressPrefix: "10.10.0.0/22" }]),
      fastPoll,
    );
    const subnetId = vnet.subnets?.[0]?.id ?? "";
    await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      uniqueName("c"),
      aCluster({
        dnsPrefix: "x",
        agentPoolProfiles: [
          { name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5", vnetSubnetID: subnetId },
        ],
      }),
      fastPoll,
    );
    await assert.rejects(
      arm.clients.network.subnets.delete(arm.rg, "vnet7", "aks", fastPoll),
      (e) => isRestError(e) && e.statusCode === 400 && e.code === "InUseSubnetCannotBeDeleted",
    );
  });

  it("sends Retry-After as configured (1 for Python-based clients, which wait 30 s without it)", async () => {
    await arm.sandbox.control.settings({ retryAfterSeconds: 1 });
    try {
      let retryAfter: string | undefined;
      await arm.clients.network.virtualNetworks.createOrUpdate(arm.rg, "vnet8", vnetBody(), {
        ...fastPoll,
        onResponse: (r) => {
          retryAfter ??= r.headers.get("retry-after");
        },
      });
      assert.equal(retryAfter, "1");
    } finally {
      await arm.sandbox.control.settings({ retryAfterSeconds: 0 });
    }
  });

  it("walks provisioningState Updating → Succeeded under a non-instant profile", async () => {
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    try {
      const poller = arm.clients.network.virtualNetworks.createOrUpdate(arm.rg, "vnet6", vnetBody(), fastPoll);
      await poller.submitted();
      assert.equal((await arm.clients.network.virtualNetworks.get(arm.rg, "vnet6")).provisioningState, "Updating");
      await arm.sandbox.control.clock({ advanceMs: 10_000 });
      assert.equal((await poller).provisioningState, "Succeeded");
    } finally {
      await arm.sandbox.control.clock({ freeze: false });
      await arm.sandbox.control.settings({ profile: "instant" });
    }
  });
});
