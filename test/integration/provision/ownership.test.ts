import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TAG_REQUEST_ID } from "../../../src/request/index.js";
import { loggedWrites } from "./armWrites.js";
import { Provisioner } from "./harness.js";
import { aRequest, taggedWith } from "./requests.js";

describe("provisioning beside resources it did not create", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());

  const armClients = () => p.sdkClients();

  it("uses an existing resource group as it is: found, not re-tagged, not written", async () => {
    const request = aRequest("found");
    await armClients().resources.resourceGroups.createOrUpdate(request.resourceGroup, {
      location: "westeurope",
      tags: { owner: "network-team" },
    });
    await p.arm.control.clearCalls();
    await p.api("POST", "clusters", request);
    const status = await p.finished(request.requestId);
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    assert.equal(status.resourceGroupFound, true);
    assert.equal(status.steps.find((s) => s.id === "resourceGroup")?.state, "found");
    const rg = await armClients().resources.resourceGroups.get(request.resourceGroup);
    assert.deepEqual(rg.tags, { owner: "network-team" }, "its tags are as they were");
    const writes = await loggedWrites(p.arm);
    assert.equal(
      writes.some((w) => w.endsWith(`/resourcegroups/${request.resourceGroup.toLowerCase()}`)),
      false,
      "no write to the group itself",
    );
  });

  it("refuses a resource that exists without this request's tag, leaves it untouched, and keeps the found group on rollback", async () => {
    const request = aRequest("taken");
    const c = armClients();
    await c.resources.resourceGroups.createOrUpdate(request.resourceGroup, { location: "westeurope" });
    const theirs = await c.network.virtualNetworks.createOrUpdate(request.resourceGroup, request.network.vnetName, {
      location: "westeurope",
      tags: { [TAG_REQUEST_ID]: "CHG-someone-else" },
      addressSpace: { addressPrefixes: ["10.99.0.0/16"] },
    });
    await p.arm.control.clearCalls();
    await p.api("POST", "clusters", request);
    const status = (await p.finished(request.requestId)) as Awaited<ReturnType<Provisioner["finished"]>> & {
      failure: { step: string; error: { code: string; message: string } };
      rollback: { deletedResourceIds: string[]; keptResourceIds: string[] };
    };
    assert.equal(status.failure.step, "network");
    assert.equal(status.failure.error.code, "ResourceOwnedElsewhere");
    assert.match(status.failure.error.message, /CHG-someone-else/);
    const vnet = await c.network.virtualNetworks.get(request.resourceGroup, request.network.vnetName);
    assert.deepEqual(
      vnet.addressSpace?.addressPrefixes,
      theirs.addressSpace?.addressPrefixes,
      "their VNet is as it was",
    );
    assert.equal(vnet.tags?.[TAG_REQUEST_ID], "CHG-someone-else");
    const vnetPath = `/virtualnetworks/${request.network.vnetName.toLowerCase()}`;
    assert.equal(
      (await loggedWrites(p.arm)).some((w) => w.endsWith(vnetPath)),
      false,
      "never written or deleted",
    );
    assert.deepEqual(
      await c.resources.resourceGroups.checkExistence(request.resourceGroup),
      { body: true },
      "the found group stays",
    );
    assert.deepEqual(await taggedWith(p, request.requestId), [], "what the run created is gone");
    assert.equal(status.state, "rolledBack");
  });

  it("fails a cluster over quota within two polls of its operation, with ARM's code and message", async () => {
    const request = aRequest("quota");
    await p.arm.control.quota({ regionalVcpus: 4, failure: "async" });
    try {
      await p.arm.control.clearCalls();
      await p.api("POST", "clusters", request);
      const status = (await p.finished(request.requestId)) as Awaited<ReturnType<Provisioner["finished"]>> & {
        failure: { step: string; error: { code: string; message: string } };
      };
      assert.equal(status.failure.step, "cluster");
      assert.equal(status.failure.error.code, "QuotaExceeded");
      assert.match(status.failure.error.message, /quota/i);
      const { value } = await p.arm.control.calls();
      const polls = value.filter(
        (c) => c.method === "GET" && /Microsoft\.ContainerService\/locations\/[^/]+\/operations\//i.test(c.path),
      );
      assert.ok(polls.length >= 1 && polls.length <= 2, `polled the cluster operation ${polls.length} times`);
    } finally {
      await p.arm.control.quota({ regionalVcpus: 100, failure: "sync" });
    }
  });
});
