import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import type { ArmSandbox } from "../../../sandbox/arm/index.js";
import { aCluster, clientsFor, fastPoll, startTestSandbox, uniqueName } from "./fixtures.js";

describe("sandbox/arm virtual networks and subnets via @azure/arm-network", () => {
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

  const vnetBody = (subnets: { name: string; addressPrefix: string }[] = []) => ({
    location: "eastus",
    addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
    subnets,
  });

  it("creates a VNet with subnets through the Azure-AsyncOperation poller", async () => {
    const vnet = await clients.network.virtualNetworks.createOrUpdate(
      rg,
      "vnet1",
      vnetBody([{ name: "aks", addressPrefix: "10.10.0.0/22" }]),
      fastPoll,
    );
    assert.equal(vnet.provisioningState, "Succeeded");
    assert.equal(vnet.subnets?.[0]?.name, "aks");
    assert.equal(vnet.subnets?.[0]?.provisioningState, "Succeeded");
    const subnet = await clients.network.subnets.get(rg, "vnet1", "aks");
    assert.equal(subnet.addressPrefix, "10.10.0.0/22");
    const calls = await sandbox.control.calls();
    const put = calls.value.find((c) => c.method === "PUT" && c.resourceType === "Microsoft.Network/virtualNetworks");
    assert.equal(put?.status, 201);
    assert.equal(put?.apiVersion, "2026-01-01");
  });

  it("adds, lists and deletes a subnet", async () => {
    await clients.network.virtualNetworks.createOrUpdate(
      rg,
      "vnet2",
      vnetBody([{ name: "a", addressPrefix: "10.10.0.0/24" }]),
      fastPoll,
    );
    const b = await clients.network.subnets.createOrUpdate(
      rg,
      "vnet2",
      "b",
      { addressPrefix: "10.10.1.0/24" },
      fastPoll,
    );
    assert.equal(b.provisioningState, "Succeeded");
    const names: string[] = [];
    for await (const s of clients.network.subnets.list(rg, "vnet2")) names.push(s.name ?? "");
    assert.deepEqual(names.sort(), ["a", "b"]);
    await clients.network.subnets.delete(rg, "vnet2", "b", fastPoll);
    await assert.rejects(clients.network.subnets.get(rg, "vnet2", "b"), (e) => isRestError(e) && e.statusCode === 404);
  });

  it("rejects a subnet outside the VNet with NetcfgSubnetRangeOutsideVnet", async () => {
    await clients.network.virtualNetworks.createOrUpdate(rg, "vnet3", vnetBody(), fastPoll);
    await assert.rejects(
      clients.network.subnets.createOrUpdate(rg, "vnet3", "out", { addressPrefix: "10.99.0.0/24" }, fastPoll),
      (e) => {
        assert.ok(isRestError(e));
        assert.equal(e.statusCode, 400);
        assert.equal(e.code, "NetcfgSubnetRangeOutsideVnet");
        return true;
      },
    );
  });

  it("rejects overlapping subnets with NetcfgSubnetRangesOverlap", async () => {
    await clients.network.virtualNetworks.createOrUpdate(
      rg,
      "vnet4",
      vnetBody([{ name: "a", addressPrefix: "10.10.0.0/24" }]),
      fastPoll,
    );
    await assert.rejects(
      clients.network.subnets.createOrUpdate(rg, "vnet4", "b", { addressPrefix: "10.10.0.128/25" }, fastPoll),
      (e) => isRestError(e) && e.code === "NetcfgSubnetRangesOverlap",
    );
  });

  it("deletes a VNet (AAO, no final GET) and answers 204 for one that is gone", async () => {
    await clients.network.virtualNetworks.createOrUpdate(rg, "vnet5", vnetBody(), fastPoll);
    await clients.network.virtualNetworks.delete(rg, "vnet5", fastPoll);
    await assert.rejects(
      clients.network.virtualNetworks.get(rg, "vnet5"),
      (e) => isRestError(e) && e.code === "ResourceNotFound",
    );
    await clients.network.virtualNetworks.delete(rg, "vnet5", fastPoll);
  });

  it("refuses to delete a subnet a cluster's pool uses with InUseSubnetCannotBeDeleted", async () => {
    const vnet = await clients.network.virtualNetworks.createOrUpdate(
      rg,
      "vnet7",
      vnetBody([{ name: "aks", addressPrefix: "10.10.0.0/22" }]),
      fastPoll,
    );
    const subnetId = vnet.subnets?.[0]?.id ?? "";
    await clients.containerService.managedClusters.createOrUpdate(
      rg,
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
      clients.network.subnets.delete(rg, "vnet7", "aks", fastPoll),
      (e) => isRestError(e) && e.statusCode === 400 && e.code === "InUseSubnetCannotBeDeleted",
    );
  });

  it("sends Retry-After as configured (1 for Python-based clients, which wait 30 s without it)", async () => {
    await sandbox.control.settings({ retryAfterSeconds: 1 });
    try {
      let retryAfter: string | undefined;
      await clients.network.virtualNetworks.createOrUpdate(rg, "vnet8", vnetBody(), {
        ...fastPoll,
        onResponse: (r) => {
          retryAfter ??= r.headers.get("retry-after");
        },
      });
      assert.equal(retryAfter, "1");
    } finally {
      await sandbox.control.settings({ retryAfterSeconds: 0 });
    }
  });

  it("walks provisioningState Updating → Succeeded under a non-instant profile", async () => {
    await sandbox.control.settings({ profile: "fast" });
    await sandbox.control.clock({ freeze: true });
    try {
      const poller = clients.network.virtualNetworks.createOrUpdate(rg, "vnet6", vnetBody(), fastPoll);
      await poller.submitted();
      assert.equal((await clients.network.virtualNetworks.get(rg, "vnet6")).provisioningState, "Updating");
      await sandbox.control.clock({ advanceMs: 10_000 });
      assert.equal((await poller).provisioningState, "Succeeded");
    } finally {
      await sandbox.control.clock({ freeze: false });
      await sandbox.control.settings({ profile: "instant" });
    }
  });
});
