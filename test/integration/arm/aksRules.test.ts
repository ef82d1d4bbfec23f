import assert from "node:assert/strict";
import { afterEach, before, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { aCluster, createAksSubnet, fastPoll, rawRequest, uniqueName, useSandbox } from "./fixtures.js";

const pool = (overrides: Record<string, unknown> = {}) => ({
  name: "system",
  mode: "System" as const,
  count: 1,
  vmSize: "Standard_D2s_v5",
  ...overrides,
});

describe("sandbox/arm AKS rules: validation, 409 while busy, quota, failed operations", () => {
  const arm = useSandbox();
  let subnetId: string;
  before(async () => {
    subnetId = await createAksSubnet(arm, "10.0.0.0/8", "10.240.0.0/16");
  });
  afterEach(async () => {
    await arm.sandbox.control.clearFaults();
    await arm.sandbox.control.clock({ reset: true });
    await arm.sandbox.control.settings({ profile: "instant" });
    await arm.sandbox.control.quota({ regionalVcpus: 100, failure: "sync" });
  });

  // The modular SDK's RestError keeps code, status and message but not the body's `target`.
  const rejectsWith = (promise: Promise<unknown>, code: string, message?: RegExp) =>
    assert.rejects(promise, (e) => {
      assert.ok(isRestError(e), String(e));
      assert.equal(e.code, code);
      assert.equal(e.statusCode, 400);
      if (message) assert.match(e.message, message);
      return true;
    });

  it("rejects an invalid dnsPrefix with InvalidParameter, target dnsPrefix on the wire", async () => {
    await rejectsWith(
      arm.clients.containerService.managedClusters.createOrUpdate(
        arm.rg,
        uniqueName("c"),
        aCluster({ dnsPrefix: "-bad-" }),
        fastPoll,
      ),
      "InvalidParameter",
      /DNS prefix '-bad-' is invalid/,
    );
    const path = `/subscriptions/${arm.sandbox.subscriptionId}/resourceGroups/${arm.rg}/providers/Microsoft.ContainerService/managedClusters/${uniqueName("c")}?api-version=2026-06-01`;
    const raw = await rawRequest(arm.sandbox, "PUT", path, {
      body: { location: "eastus", properties: { dnsPrefix: "", agentPoolProfiles: [pool()] } },
    });
    assert.equal(raw.status, 400);
    assert.equal(raw.body.error.target, "dnsPrefix");
  });

  // One row per rule: what the cluster body (aCluster with dnsPrefix "x") changes, and the 400 ARM answers.
  // Bodies are built lazily: subnetId is only known once `before` ran.
  const invalidClusters: {
    rule: string;
    overrides: () => Record<string, unknown>;
    code: string;
    message?: RegExp;
  }[] = [
    {
      rule: "requires a System pool",
      overrides: () => ({ agentPoolProfiles: [pool({ mode: "User" })] }),
      code: "MustDefineAtLeastOneSystemPool",
    },
    {
      rule: "rejects a pool name that is not lowercase alphanumeric ≤ 12",
      overrides: () => ({ agentPoolProfiles: [pool({ name: "System-Pool" })] }),
      code: "InvalidParameter",
    },
    {
      rule: "rejects an autoscale range that does not contain count",
      overrides: () => ({
        agentPoolProfiles: [pool({ count: 5, enableAutoScaling: true, minCount: 1, maxCount: 3 })],
      }),
      code: "InvalidParameter",
    },
    {
      rule: "rejects a service CIDR overlapping the VNet",
      overrides: () => ({
        agentPoolProfiles: [pool({ vnetSubnetID: subnetId })],
        networkProfile: { networkPlugin: "azure", serviceCidr: "10.2.0.0/16", dnsServiceIP: "10.2.0.10" },
      }),
      code: "ServiceCidrOverlapExistingSubnetsCidr",
    },
    {
      rule: "rejects a DNS service IP outside the service CIDR",
      overrides: () => ({ networkProfile: { serviceCidr: "172.16.0.0/16", dnsServiceIP: "172.17.0.10" } }),
      code: "InvalidParameter",
      message: /must be within the service CIDR/,
    },
    {
      rule: "rejects a subnet id that does not exist",
      overrides: () => ({ agentPoolProfiles: [pool({ vnetSubnetID: `${subnetId}missing` })] }),
      code: "InvalidParameter",
    },
    {
      rule: "rejects an unsupported Kubernetes version with K8sVersionNotSupported",
      overrides: () => ({ kubernetesVersion: "1.12" }),
      code: "K8sVersionNotSupported",
    },
    {
      rule: "rejects an availability zone other than 1, 2 or 3",
      overrides: () => ({ agentPoolProfiles: [pool({ availabilityZones: ["4"] })] }),
      code: "InvalidParameter",
    },
  ];
  for (const { rule, overrides, code, message } of invalidClusters) {
    it(rule, async () => {
      await rejectsWith(
        arm.clients.containerService.managedClusters.createOrUpdate(
          arm.rg,
          uniqueName("c"),
          aCluster({ dnsPrefix: "x", ...overrides() }),
          fastPoll,
        ),
        code,
        message,
      );
    });
  }

  it("accepts real clients' empty defaults (kubernetesVersion '', vmSize '', osDiskSizeGB 0)", async () => {
    const mc = await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      uniqueName("c"),
      aCluster({
        dnsPrefix: "x",
        kubernetesVersion: "",
        agentPoolProfiles: [pool({ vmSize: "", osDiskSizeGB: 0, orchestratorVersion: "" })],
      }),
      fastPoll,
    );
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.agentPoolProfiles?.[0]?.osDiskSizeGB, 128);
  });

  it("adds AKS's spot taint, label and eviction defaults to a spot pool", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    const spot = await arm.putPool(name, "spot", { scaleSetPriority: "Spot" });
    assert.deepEqual(spot.nodeTaints, ["kubernetes.azure.com/scalesetpriority=spot:NoSchedule"]);
    assert.equal(spot.nodeLabels?.["kubernetes.azure.com/scalesetpriority"], "spot");
    assert.equal(spot.spotMaxPrice, -1);
    assert.equal(spot.scaleSetEvictionPolicy, "Delete");
  });

  it("refuses to change dnsPrefix with PropertyChangeNotAllowed", async () => {
    const name = uniqueName("c");
    await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      name,
      aCluster({ dnsPrefix: "one" }),
      fastPoll,
    );
    await rejectsWith(
      arm.clients.containerService.managedClusters.createOrUpdate(
        arm.rg,
        name,
        aCluster({ dnsPrefix: "two" }),
        fastPoll,
      ),
      "PropertyChangeNotAllowed",
    );
  });

  it("answers 409 OperationNotAllowed (not retried by the SDK) while a cluster operation runs", async () => {
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("c");
    const poller = arm.createCluster(name);
    await poller.submitted();
    await arm.sandbox.control.clearCalls();
    await assert.rejects(arm.putPool(name, "user"), (e) => {
      assert.ok(isRestError(e));
      assert.equal(e.statusCode, 409);
      assert.equal(e.code, "OperationNotAllowed");
      assert.match(e.message, /Another operation \(Creating\) is in progress/);
      return true;
    });
    const puts = (await arm.sandbox.control.calls()).value.filter((c) => c.method === "PUT");
    assert.equal(puts.length, 1);
    await arm.sandbox.control.clock({ advanceMs: 60_000 });
    assert.equal((await poller).provisioningState, "Succeeded");
  });

  it("answers 409 with the agent-pool form while a pool operation runs", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    const poller = arm.putPool(name, "user");
    await poller.submitted();
    await assert.rejects(
      arm.clients.containerService.managedClusters.stop(arm.rg, name, fastPoll),
      (e) => isRestError(e) && e.statusCode === 409 && /agentpool operation \(user - Creating\)/.test(e.message),
    );
    await arm.sandbox.control.clock({ advanceMs: 60_000 });
    await poller;
  });

  it("lets a DELETE supersede a running create, whose poller then rejects as canceled", async () => {
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("c");
    const create = arm.createCluster(name);
    await create.submitted();
    const remove = arm.clients.containerService.managedClusters.delete(arm.rg, name, fastPoll);
    await remove.submitted();
    await assert.rejects(create.pollUntilDone(), /canceled/i);
    await arm.sandbox.control.clock({ advanceMs: 60_000 });
    await remove;
    await assert.rejects(
      arm.clients.containerService.managedClusters.get(arm.rg, name),
      (e) => isRestError(e) && e.statusCode === 404,
    );
  });

  it("fails a PUT beyond the regional vCPU quota with 400 QuotaExceeded", async () => {
    await arm.sandbox.control.quota({ regionalVcpus: 6 });
    const name = uniqueName("c");
    await assert.rejects(
      arm.createCluster(name, { agentPoolProfiles: [pool({ count: 2, vmSize: "Standard_D4s_v5" })] }),
      (e) => {
        assert.ok(isRestError(e));
        assert.equal(e.code, "QuotaExceeded");
        assert.match(e.message, /Current Limit: 6, Current Usage: \d+, Additional Required: 8/);
        return true;
      },
    );
  });

  it("counts stopped clusters as free quota and checks quota again on start", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name, { agentPoolProfiles: [pool({ count: 2, vmSize: "Standard_D4s_v5" })] });
    const region = `${arm.sandbox.subscriptionId}/eastus`;
    const running = (await arm.sandbox.control.quota()).usage[region] ?? 0;
    await arm.clients.containerService.managedClusters.stop(arm.rg, name, fastPoll);
    const usage = (await arm.sandbox.control.quota({ regionalVcpus: 1 })).usage[region] ?? 0;
    assert.equal(usage, running - 8, "the stopped cluster's 2 × 4 vCPUs are released");
    await assert.rejects(
      arm.clients.containerService.managedClusters.start(arm.rg, name, fastPoll),
      (e) => isRestError(e) && e.code === "QuotaExceeded",
    );
  });

  it("in async quota mode, fails the operation: the poller rejects with a plain Error and the cluster is Failed", async () => {
    await arm.sandbox.control.quota({ regionalVcpus: 1, failure: "async" });
    const name = uniqueName("c");
    await assert.rejects(arm.createCluster(name), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(isRestError(e), false);
      assert.match(e.message, /^The long-running operation has failed\. QuotaExceeded\./);
      return true;
    });
    assert.equal((await arm.clients.containerService.managedClusters.get(arm.rg, name)).provisioningState, "Failed");
  });
});
