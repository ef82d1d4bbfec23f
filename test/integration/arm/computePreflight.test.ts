import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { ResourceSku, Usage } from "@azure/arm-compute";
import { isRestError } from "@azure/core-rest-pipeline";
import { fastPoll, rawRequest, uniqueName, useSandbox } from "./fixtures.js";

const DEFAULT_QUOTA = {
  regionalVcpus: 100,
  familyVcpus: {},
  lowPriorityVcpus: 100,
  failure: "sync" as const,
  errorCode: "QuotaExceeded" as const,
  regions: {},
  restrictedSkus: [],
};

describe("sandbox/arm preflight reads via @azure/arm-compute: usages and skus agree with AKS quota", () => {
  const arm = useSandbox();
  afterEach(() => arm.sandbox.control.quota(DEFAULT_QUOTA));

  const usages = async (location: string) => {
    const all: Usage[] = [];
    for await (const u of arm.clients.compute.usage.list(location)) all.push(u);
    return all;
  };
  const usage = (list: Usage[], name: string) => list.find((u) => u.name.value === name);
  const skus = async (filter?: string) => {
    const all: ResourceSku[] = [];
    for await (const s of arm.clients.compute.resourceSkus.list(filter ? { filter } : {})) all.push(s);
    return all;
  };
  const pools = (...p: { name: string; mode: "System" | "User"; count: number; vmSize: string }[]) => ({
    agentPoolProfiles: p,
  });

  it("lists Compute's usages: regional counters, one entry per family with Compute's names, disks", async () => {
    const list = await usages("westeurope");
    assert.deepEqual(
      list.slice(0, 5).map((u) => u.name.value),
      ["availabilitySets", "cores", "virtualMachines", "virtualMachineScaleSets", "lowPriorityCores"],
    );
    assert.deepEqual(usage(list, "cores"), {
      unit: "Count",
      currentValue: 0,
      limit: 100,
      name: { value: "cores", localizedValue: "Total Regional vCPUs" },
    });
    assert.deepEqual(usage(list, "standardDSv5Family")?.name, {
      value: "standardDSv5Family",
      localizedValue: "Standard DSv5 Family vCPUs",
    });
    assert.equal(usage(list, "standardNCSv3Family")?.limit, 0, "GPU families start at 0, as on a new subscription");
    assert.ok(usage(list, "PremiumDiskCount"));
  });

  it("counts running pools per family and region; a stopped cluster releases its vCPUs and VMs", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name, {
      ...pools(
        { name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5" },
        { name: "big", mode: "User", count: 2, vmSize: "Standard_E4s_v5" },
      ),
    });
    const running = await usages("eastus");
    assert.equal(usage(running, "standardDSv5Family")?.currentValue, 2);
    assert.equal(usage(running, "standardESv5Family")?.currentValue, 8);
    assert.equal(usage(running, "cores")?.currentValue, 10);
    assert.equal(usage(running, "virtualMachines")?.currentValue, 3);
    assert.equal(usage(running, "virtualMachineScaleSets")?.currentValue, 2);
    assert.equal(usage(await usages("westeurope"), "cores")?.currentValue, 0, "other regions are untouched");
    await arm.clients.containerService.managedClusters.stop(arm.rg, name, fastPoll);
    const stopped = await usages("eastus");
    assert.equal(usage(stopped, "cores")?.currentValue, 0);
    assert.equal(usage(stopped, "virtualMachines")?.currentValue, 0);
    assert.equal(usage(stopped, "virtualMachineScaleSets")?.currentValue, 2, "scale sets stay, deallocated");
    await arm.clients.containerService.managedClusters.delete(arm.rg, name, fastPoll);
  });

  it("fails a PUT beyond a family limit with QuotaExceeded naming the family, as usages predicted", async () => {
    await arm.sandbox.control.quota({ familyVcpus: { standardDSv5Family: 6 } });
    const before = usage(await usages("eastus"), "standardDSv5Family");
    assert.equal(before?.limit, 6);
    const name = uniqueName("c");
    await arm.createCluster(name);
    await assert.rejects(arm.putPool(name, "more", { count: 2, vmSize: "Standard_D4s_v5" }), (e) => {
      assert.ok(isRestError(e));
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, "QuotaExceeded");
      assert.match(
        e.message,
        /exceeding approved standardDSv5Family Cores quota\. .*Location: eastus, Current Limit: 6, Current Usage: 2, Additional Required: 8, \(Minimum\) New Limit Required: 10\./,
      );
      return true;
    });
    // Another family still fits: the regional total (100) is far away.
    const other = await arm.putPool(name, "mem", { count: 1, vmSize: "Standard_E4s_v5" });
    assert.equal(other.provisioningState, "Succeeded");
    await arm.clients.containerService.managedClusters.delete(arm.rg, name, fastPoll);
  });

  it("words it as AKS's ErrCode_InsufficientVCPUQuota when told to, for families and the regional total", async () => {
    await arm.sandbox.control.quota({
      familyVcpus: { standarddsv5family: 4 },
      errorCode: "ErrCode_InsufficientVCPUQuota",
    });
    const name = uniqueName("c");
    await assert.rejects(
      arm.createCluster(name, { ...pools({ name: "system", mode: "System", count: 3, vmSize: "Standard_D2s_v5" }) }),
      (e) =>
        isRestError(e) &&
        e.statusCode === 400 &&
        e.code === "ErrCode_InsufficientVCPUQuota" &&
        e.message ===
          "Insufficient vcpu quota requested 6, remaining 4 for family standardDSv5Family for region eastus.",
    );
    await arm.sandbox.control.quota({ familyVcpus: {}, regionalVcpus: 4 });
    await assert.rejects(
      arm.createCluster(name, { ...pools({ name: "system", mode: "System", count: 3, vmSize: "Standard_D2s_v5" }) }),
      (e) =>
        isRestError(e) &&
        /^Insufficient regional vcpu quota left for location eastus\. left regional vcpu quota 4, requested quota 6\./.test(
          e.message,
        ),
    );
  });

  it("takes limits per region, and counts Spot pools against low-priority vCPUs only", async () => {
    await arm.sandbox.control.quota({ regions: { "West Europe": { regionalVcpus: 2, lowPriorityVcpus: 4 } } });
    const list = await usages("westeurope");
    assert.equal(usage(list, "cores")?.limit, 2);
    assert.equal(usage(list, "lowPriorityCores")?.limit, 4);
    assert.equal(usage(await usages("eastus"), "cores")?.limit, 100);
    const rg = await arm.newResourceGroup("westeurope");
    const name = uniqueName("c");
    await arm.clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      {
        location: "westeurope",
        dnsPrefix: name,
        agentPoolProfiles: [{ name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5" }],
      },
      fastPoll,
    );
    const spot = { count: 1, vmSize: "Standard_D4s_v5", mode: "User" as const, scaleSetPriority: "Spot" as const };
    await arm.clients.containerService.agentPools.createOrUpdate(rg, name, "spot", spot, fastPoll);
    const after = await usages("westeurope");
    assert.equal(usage(after, "cores")?.currentValue, 2, "Spot vCPUs are not regular vCPUs");
    assert.equal(usage(after, "lowPriorityCores")?.currentValue, 4);
    await assert.rejects(
      arm.clients.containerService.agentPools.createOrUpdate(rg, name, "spot2", spot, fastPoll),
      (e) => isRestError(e) && e.code === "QuotaExceeded" && /approved Low Priority Cores quota/.test(e.message),
    );
  });

  it("lists VM skus of one region with the usages' family names, capabilities and zones", async () => {
    const list = await skus("location eq 'westeurope'");
    const d4 = list.find((s) => s.name === "Standard_D4s_v5");
    assert.ok(d4);
    assert.equal(d4.resourceType, "virtualMachines");
    assert.equal(d4.tier, "Standard");
    assert.equal(d4.size, "D4s_v5");
    assert.equal(d4.family, "standardDSv5Family");
    assert.deepEqual(d4.locations, ["westeurope"]);
    assert.deepEqual(d4.locationInfo?.[0]?.zones, ["1", "2", "3"]);
    const cap = (name: string) => d4.capabilities?.find((c) => c.name === name)?.value;
    assert.equal(cap("vCPUs"), "4");
    assert.equal(cap("MemoryGB"), "16");
    assert.deepEqual(d4.restrictions, []);
    assert.ok(list.every((s) => s.locations?.[0] === "westeurope"));
    assert.ok(list.some((s) => s.resourceType === "disks" && s.name === "Premium_LRS"));
    const families = new Set((await usages("westeurope")).map((u) => u.name.value));
    for (const sku of list.filter((s) => s.resourceType === "virtualMachines")) {
      assert.ok(families.has(sku.family ?? ""), `usages list ${sku.family}`);
    }
    const westus = (await skus("location eq 'westus'")).find((s) => s.name === "Standard_D4s_v5");
    assert.deepEqual(westus?.locationInfo?.[0]?.zones, [], "westus has no zones");
  });

  it("shows restricted sizes and refuses pools of them; zones where the region has none", async () => {
    await arm.sandbox.control.quota({
      restrictedSkus: [
        { vmSize: "Standard_D8s_v5", location: "eastus" },
        { vmSize: "Standard_D4s_v5", location: "eastus", zones: ["3"] },
      ],
    });
    const list = await skus("location eq 'eastus'");
    assert.deepEqual(
      list.find((s) => s.name === "Standard_D8s_v5")?.restrictions?.[0]?.reasonCode,
      "NotAvailableForSubscription",
    );
    assert.deepEqual(list.find((s) => s.name === "Standard_D4s_v5")?.restrictions?.[0]?.restrictionInfo?.zones, ["3"]);
    const name = uniqueName("c");
    await arm.createCluster(name);
    await assert.rejects(
      arm.putPool(name, "eight", { vmSize: "Standard_D8s_v5" }),
      (e) =>
        isRestError(e) &&
        e.code === "InvalidParameter" &&
        /Standard_D8s_v5 is not allowed .* location 'eastus'/.test(e.message),
    );
    await assert.rejects(
      arm.putPool(name, "zoned", { vmSize: "Standard_D4s_v5", availabilityZones: ["1", "3"] }),
      (e) => isRestError(e) && e.code === "InvalidParameter" && /zone\(s\) '3'/.test(e.message),
    );
    assert.equal(
      (await arm.putPool(name, "zoned", { vmSize: "Standard_D4s_v5", availabilityZones: ["1", "2"] }))
        .provisioningState,
      "Succeeded",
    );
    await assert.rejects(
      arm.putPool(name, "bogus", { vmSize: "Bogus" }),
      (e) =>
        isRestError(e) &&
        e.code === "InvalidParameter" &&
        e.message === "The VM size of Bogus is not allowed in your subscription in location 'eastus'.",
    );
    const rg = await arm.newResourceGroup("westus");
    await assert.rejects(
      arm.clients.containerService.managedClusters.createOrUpdate(
        rg,
        uniqueName("c"),
        {
          location: "westus",
          dnsPrefix: "w",
          agentPoolProfiles: [
            { name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5", availabilityZones: ["1"] },
          ],
        },
        fastPoll,
      ),
      (e) => isRestError(e) && e.code === "AvailabilityZoneNotSupported",
    );
  });

  it("answers the api-versions the SDK sends (and the CLI's), and refuses another filter", async () => {
    await arm.sandbox.control.clearCalls();
    await usages("eastus");
    await skus("location eq 'eastus'");
    const { value } = await arm.sandbox.control.calls();
    assert.deepEqual(
      value.map((c) => [c.resourceType, c.apiVersion, c.status]),
      [
        ["Microsoft.Compute/locations/usages", "2026-04-01", 200],
        ["Microsoft.Compute/skus", "2021-07-01", 200],
      ],
    );
    const sub = arm.sandbox.subscriptionId;
    const bad = await rawRequest(
      arm.sandbox,
      "GET",
      `/subscriptions/${sub}/providers/Microsoft.Compute/skus?api-version=2021-07-01&$filter=${encodeURIComponent("name eq 'x'")}`,
    );
    assert.equal(bad.status, 400);
    const usagesOld = await rawRequest(
      arm.sandbox,
      "GET",
      `/subscriptions/${sub}/providers/Microsoft.Compute/locations/eastus/usages?api-version=2024-07-01`,
    );
    assert.equal(usagesOld.status, 200);
  });
});
