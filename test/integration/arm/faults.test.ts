import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm fault injection and idempotent retries", () => {
  const arm = useSandbox();
  afterEach(() => arm.sandbox.control.clearFaults());

  it("injects 500s the SDK retries with the same x-ms-client-request-id", async () => {
    await arm.sandbox.control.clearCalls();
    await arm.sandbox.control.addFault({
      action: "error",
      method: "PUT",
      resourceType: "Microsoft.Network/virtualNetworks",
      status: 500,
      code: "InternalServerError",
      count: 2,
    });
    const vnet = await arm.clients.network.virtualNetworks.createOrUpdate(
      arm.rg,
      "v1",
      { location: "eastus", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } },
      fastPoll,
    );
    assert.equal(vnet.provisioningState, "Succeeded");
    const puts = (await arm.sandbox.control.calls()).value.filter((c) => c.method === "PUT");
    assert.deepEqual(
      puts.map((c) => c.status),
      [500, 500, 201],
    );
    assert.equal(new Set(puts.map((c) => c.clientRequestId)).size, 1);
  });

  it("surfaces an injected 400 (not retried) as a RestError with its code and message", async () => {
    await arm.sandbox.control.addFault({
      action: "error",
      pathPattern: "/disks/",
      status: 400,
      code: "InvalidParameter",
      message: "Injected.",
    });
    await assert.rejects(
      arm.clients.compute.disks.createOrUpdate(
        arm.rg,
        "d",
        { location: "eastus", creationData: { createOption: "Empty" }, diskSizeGB: 4 },
        fastPoll,
      ),
      (e) => isRestError(e) && e.code === "InvalidParameter" && e.message === "Injected.",
    );
  });

  it("keeps a PUT idempotent when its response is lost: the retry joins the same operation", async () => {
    const name = uniqueName("c");
    await arm.sandbox.control.clearCalls();
    await arm.sandbox.control.addFault({
      action: "lostResponse",
      method: "PUT",
      resourceType: "Microsoft.ContainerService/managedClusters",
      status: 502,
      code: "BadGateway",
      count: 1,
    });
    const mc = await arm.createCluster(name);
    assert.equal(mc.provisioningState, "Succeeded");
    const ops = (await arm.sandbox.control.state()).operations.filter((o) =>
      o.resourceKey.endsWith(`/managedclusters/${name}`),
    );
    assert.equal(ops.length, 1);
    const puts = (await arm.sandbox.control.calls()).value.filter((c) => c.method === "PUT");
    assert.deepEqual(
      puts.map((c) => c.status),
      [502, 201],
    );
  });

  it("fails an asynchronous operation: plain Error with the code, resource Failed", async () => {
    const name = uniqueName("acr");
    await arm.sandbox.control.addFault({
      action: "failAsync",
      method: "PUT",
      resourceType: "Microsoft.ContainerRegistry/registries",
      code: "InternalServerError",
      message: "Registry backend unavailable.",
    });
    await assert.rejects(
      arm.clients.containerRegistry.registries.create(
        arm.rg,
        name,
        { location: "eastus", sku: { name: "Basic" } },
        fastPoll,
      ),
      (e) => {
        assert.ok(e instanceof Error && !isRestError(e));
        assert.equal(
          e.message,
          "The long-running operation has failed. InternalServerError. Registry backend unavailable.",
        );
        return true;
      },
    );
    assert.equal((await arm.clients.containerRegistry.registries.get(arm.rg, name)).provisioningState, "Failed");
  });

  it("adds latency to matching requests", async () => {
    await arm.sandbox.control.addFault({
      action: "latency",
      method: "GET",
      pathPattern: `/resourcegroups/${arm.rg}$`,
      latencyMs: 300,
      count: 1,
    });
    const started = Date.now();
    await arm.clients.resources.resourceGroups.get(arm.rg);
    assert.ok(Date.now() - started >= 280);
  });

  it("fires probabilistic rules deterministically for a seed", async () => {
    const run = async () => {
      await arm.sandbox.control.reset();
      await arm.clients.resources.resourceGroups.createOrUpdate(arm.rg, { location: "eastus" });
      await arm.sandbox.control.addFault({
        action: "error",
        method: "GET",
        status: 409,
        code: "Conflict",
        probability: 0.5,
      });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 12; i++)
        outcomes.push(
          await arm.clients.resources.resourceGroups.get(arm.rg).then(
            () => true,
            () => false,
          ),
        );
      return outcomes;
    };
    const first = await run();
    assert.ok(first.includes(true) && first.includes(false));
    assert.deepEqual(await run(), first);
  });
});
