import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { aCluster, fastPoll, rawRequest, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm control API (/_sandbox/)", () => {
  const arm = useSandbox({ resourceGroup: false });

  it("counts reads, writes and deletes per resource type and per client request id", async () => {
    await arm.sandbox.control.clearCalls();
    const rg = uniqueName("rg");
    await arm.clients.resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
    await arm.clients.resources.resourceGroups.get(rg);
    await arm.clients.resources.resourceGroups.get(rg);
    await arm.clients.resources.resourceGroups.delete(rg, fastPoll);
    const { summary, value } = await arm.sandbox.control.calls();
    assert.deepEqual(summary.byResourceType["Microsoft.Resources/resourceGroups"], { reads: 2, writes: 1, deletes: 1 });
    assert.ok((summary.byResourceType.operationResult?.reads ?? 0) >= 1, "the delete was polled");
    assert.equal(summary.byStatus["201"], 1);
    const put = value.find((c) => c.method === "PUT");
    assert.ok(put?.clientRequestId);
    assert.equal(summary.byClientRequestId[put.clientRequestId], 1);
    assert.match(put.userAgent ?? "", /azsdk-js-arm-resources/);
  });

  it("lists and removes fault rules by id", async () => {
    const rule = await arm.sandbox.control.addFault({
      action: "error",
      method: "DELETE",
      status: 503,
      code: "ServiceUnavailable",
    });
    assert.ok(rule.id);
    assert.equal((await arm.sandbox.control.faults()).length, 1);
    await arm.sandbox.control.removeFault(rule.id);
    assert.equal((await arm.sandbox.control.faults()).length, 0);
    const bad = await rawRequest(arm.sandbox, "POST", "/_sandbox/faults", { body: { action: "explode" } });
    assert.equal(bad.status, 400);
    const badPattern = await rawRequest(arm.sandbox, "POST", "/_sandbox/faults", {
      body: { action: "error", pathPattern: "(" },
    });
    assert.equal(badPattern.status, 400);
    assert.equal(badPattern.body.error.code, "InvalidFaultRule");
    assert.equal((await arm.sandbox.control.faults()).length, 0);
  });

  it("reports regional vCPU usage of running pools", async () => {
    const rg = await arm.newResourceGroup("westus2");
    await arm.clients.containerService.managedClusters.createOrUpdate(
      rg,
      "c",
      aCluster({
        location: "westus2",
        dnsPrefix: "c",
        agentPoolProfiles: [{ name: "system", mode: "System", count: 3, vmSize: "Standard_D4s_v5" }],
      }),
      fastPoll,
    );
    const quota = await arm.sandbox.control.quota();
    assert.equal(quota.usage[`${arm.sandbox.subscriptionId}/westus2`], 12);
  });

  it("dumps state with sandbox-only fields and answers health", async () => {
    const state = await arm.sandbox.control.state();
    const cluster = state.resources.find((r) => r.type === "Microsoft.ContainerService/ManagedClusters") as
      | { _sandbox?: { userToken?: string } }
      | undefined;
    assert.ok(cluster?._sandbox?.userToken);
    const health = await rawRequest(arm.sandbox, "GET", "/_sandbox/health", { auth: false });
    assert.equal(health.body.status, "ok");
  });
});
