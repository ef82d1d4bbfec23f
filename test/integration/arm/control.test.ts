import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ArmSandbox } from "../../../sandbox/arm/index.js";
import { aCluster, clientsFor, fastPoll, rawRequest, startTestSandbox, uniqueName } from "./fixtures.js";

describe("sandbox/arm control API (/_sandbox/)", () => {
  let sandbox: ArmSandbox;
  let clients: ReturnType<typeof clientsFor>;
  before(async () => {
    sandbox = await startTestSandbox();
    clients = clientsFor(sandbox);
  });
  after(() => sandbox.stop());

  it("counts reads, writes and deletes per resource type and per client request id", async () => {
    await sandbox.control.clearCalls();
    const rg = uniqueName("rg");
    await clients.resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
    await clients.resources.resourceGroups.get(rg);
    await clients.resources.resourceGroups.get(rg);
    await clients.resources.resourceGroups.delete(rg, fastPoll);
    const { summary, value } = await sandbox.control.calls();
    assert.deepEqual(summary.byResourceType["Microsoft.Resources/resourceGroups"], { reads: 2, writes: 1, deletes: 1 });
    assert.ok((summary.byResourceType.operationResult?.reads ?? 0) >= 1, "the delete was polled");
    assert.equal(summary.byStatus["201"], 1);
    const put = value.find((c) => c.method === "PUT");
    assert.ok(put?.clientRequestId);
    assert.equal(summary.byClientRequestId[put.clientRequestId], 1);
    assert.match(put.userAgent ?? "", /azsdk-js-arm-resources/);
  });

  it("lists and removes fault rules by id", async () => {
    const rule = await sandbox.control.addFault({
      action: "error",
      method: "DELETE",
      status: 503,
      code: "ServiceUnavailable",
    });
    assert.ok(rule.id);
    assert.equal((await sandbox.control.faults()).length, 1);
    await sandbox.control.removeFault(rule.id);
    assert.equal((await sandbox.control.faults()).length, 0);
    const bad = await rawRequest(sandbox, "POST", "/_sandbox/faults", { body: { action: "explode" } });
    assert.equal(bad.status, 400);
  });

  it("reports regional vCPU usage of running pools", async () => {
    const rg = uniqueName("rg");
    await clients.resources.resourceGroups.createOrUpdate(rg, { location: "westus2" });
    await clients.containerService.managedClusters.createOrUpdate(
      rg,
      "c",
      aCluster({
        location: "westus2",
        dnsPrefix: "c",
        agentPoolProfiles: [{ name: "system", mode: "System", count: 3, vmSize: "Standard_D4s_v5" }],
      }),
      fastPoll,
    );
    const quota = await sandbox.control.quota();
    assert.equal(quota.usage[`${sandbox.subscriptionId}/westus2`], 12);
  });

  it("dumps state with sandbox-only fields and answers health", async () => {
    const state = await sandbox.control.state();
    const cluster = state.resources.find((r) => r.type === "Microsoft.ContainerService/ManagedClusters") as
      | { _sandbox?: { userToken?: string } }
      | undefined;
    assert.ok(cluster?._sandbox?.userToken);
    const health = await rawRequest(sandbox, "GET", "/_sandbox/health", { auth: false });
    assert.equal(health.body.status, "ok");
  });
});
