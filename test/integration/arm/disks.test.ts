import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { fastPoll, useSandbox } from "./fixtures.js";

describe("sandbox/arm managed disks via @azure/arm-compute", () => {
  const arm = useSandbox();

  it("creates a disk with 202 + Azure-AsyncOperation + Location and returns it from the Location", async () => {
    const disk = await arm.clients.compute.disks.createOrUpdate(
      arm.rg,
      "data1",
      {
        location: "eastus",
        sku: { name: "Premium_LRS" },
        zones: ["1"],
        creationData: { createOption: "Empty" },
        diskSizeGB: 64,
      },
      fastPoll,
    );
    assert.equal(disk.provisioningState, "Succeeded");
    assert.equal(disk.diskSizeGB, 64);
    assert.deepEqual(disk.zones, ["1"]);
    assert.equal(disk.diskState, "Unattached");
    const calls = (await arm.sandbox.control.calls()).value;
    assert.equal(calls.find((c) => c.method === "PUT" && c.path.endsWith("/disks/data1"))?.status, 202);
    assert.ok(calls.some((c) => c.path.includes("/DiskOperations/") && c.method === "GET"));
  });

  it("rejects a missing size with InvalidParameter naming diskSizeGB", async () => {
    await assert.rejects(
      arm.clients.compute.disks.createOrUpdate(
        arm.rg,
        "bad",
        { location: "eastus", creationData: { createOption: "Empty" } },
        fastPoll,
      ),
      (e) => {
        assert.ok(isRestError(e));
        assert.equal(e.code, "InvalidParameter");
        assert.match(e.message, /diskSizeGB/);
        return true;
      },
    );
  });

  it("deletes a disk", async () => {
    await arm.clients.compute.disks.createOrUpdate(
      arm.rg,
      "gone",
      { location: "eastus", creationData: { createOption: "Empty" }, diskSizeGB: 4 },
      fastPoll,
    );
    await arm.clients.compute.disks.delete(arm.rg, "gone", fastPoll);
    await assert.rejects(
      arm.clients.compute.disks.get(arm.rg, "gone"),
      (e) => isRestError(e) && e.code === "ResourceNotFound",
    );
  });
});
