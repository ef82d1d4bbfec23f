import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { loggedWrites } from "../provision/armWrites.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest, exists, taggedWith } from "../provision/requests.js";

// Deleting the cluster takes a moment, so a second change (or a SIGKILL) meets it in the middle.
const durationsMs = { clusterDelete: 1500, nodeReady: 100 };

interface Operation {
  operationId: string;
  kind: string;
  state: string;
  steps: { id: string; state: string; error?: { code: string; message: string } }[];
  failure?: { step: string; error: { code: string; message: string } };
  result?: { deletedResourceIds: string[]; keptResourceIds: string[]; failures: unknown[] };
}

async function provisioned(p: Provisioner, request: Record<string, unknown> & { requestId: string }) {
  const res = await p.api("POST", "clusters", request);
  assert.equal(res.status, 202, await res.clone().text());
  const status = await p.finished(request.requestId, 90_000);
  assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
  return status;
}

async function deleteCluster(p: Provisioner, requestId: string) {
  const res = await p.api("DELETE", `clusters/${requestId}`);
  assert.equal(res.status, 202, await res.clone().text());
  const started = (await res.json()) as { operationId: string; operationUrl: string; kind: string };
  assert.equal(started.kind, "deprovision");
  assert.equal(res.headers.get("location"), started.operationUrl);
  return started;
}

// By path rather than the URL the 202 gave: a restarted devhost listens on another port.
async function finishedOperation(p: Provisioner, requestId: string, operationId: string): Promise<Operation> {
  let last: unknown;
  return waitFor(
    async () => {
      const res = await p.api("GET", `clusters/${requestId}/operations/${operationId}`).catch(() => undefined);
      if (!res || res.status === 202) return undefined;
      assert.equal(res.status, 200, await res.clone().text());
      last = await res.json();
      return last as Operation;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 100,
      message: () => `operation ${operationId} did not end: ${JSON.stringify(last)}`,
    },
  );
}

describe("day-2: deprovision deletes what the request created, and only that", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
  });
  after(() => p.stop());

  const lower = (ids: string[]) => ids.map((id) => id.toLowerCase()).sort();

  it("deletes the cluster, VNet, registry, disk, role assignments and the group it created; cluster.deleted lists them; a second DELETE meanwhile is 409, one after converges", async () => {
    const request = aRequest("deprov");
    const status = await provisioned(p, request);
    // What the run made: every step's resource (group, VNet, registry, disk, cluster, role assignments).
    const created = [...new Set(status.steps.flatMap((st) => (st.resourceId ? [st.resourceId] : [])))];
    assert.equal(status.resourceGroupFound, false, "the run created its group");
    assert.ok(created.some((id) => /roleAssignments/i.test(id)));
    assert.ok((await taggedWith(p, request.requestId)).length > 0);

    const started = await deleteCluster(p, request.requestId);
    const busy = await p.api("DELETE", `clusters/${request.requestId}`);
    assert.equal(busy.status, 409, "one change at a time");
    const error = ((await busy.json()) as { error: { code: string; target: string } }).error;
    assert.equal(error.code, "ClusterBusy");
    assert.equal(error.target, started.operationId);

    const done = await finishedOperation(p, request.requestId, started.operationId);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(
      done.steps.map((s) => [s.id, s.state]),
      [
        ["delete:roleAssignments", "succeeded"],
        ["delete:cluster", "succeeded"],
        ["delete:dependencies", "succeeded"],
        ["delete:resourceGroup", "succeeded"],
      ],
    );
    assert.deepEqual(await taggedWith(p, request.requestId), [], "nothing tagged with the request is left");
    for (const id of created) assert.equal(await exists(p, id), false, `${id} is gone`);
    assert.deepEqual(
      await p.sdkClients().resources.resourceGroups.checkExistence(request.resourceGroup),
      { body: false },
      "the group it created is gone",
    );
    const deleted = lower(done.result?.deletedResourceIds ?? []);
    for (const id of created) assert.ok(deleted.includes(id.toLowerCase()), `${id} listed as deleted`);
    const event = await waitFor(() => p.eventsOf(request.requestId).find((e) => e.type === "cluster.deleted"), {
      timeoutMs: 20_000,
      message: "no cluster.deleted",
    });
    assert.deepEqual(lower(event.data.deletedResourceIds as string[]), deleted);
    assert.deepEqual(event.data.keptResourceIds, []);

    // The status still answers, and lists the deprovision.
    const after = await p.status(request.requestId);
    const operations = after.operations as { operationId: string; kind: string; state: string }[];
    assert.deepEqual(
      operations.map((o) => [o.operationId, o.kind, o.state]),
      [[started.operationId, "deprovision", "succeeded"]],
    );

    // A repeated DELETE converges: 202, nothing to delete, succeeded.
    await p.arm.control.clearCalls();
    const again = await deleteCluster(p, request.requestId);
    const second = await finishedOperation(p, request.requestId, again.operationId);
    assert.equal(second.state, "succeeded", JSON.stringify(second.failure));
    assert.deepEqual(second.result?.deletedResourceIds, []);
    assert.deepEqual(
      (await loggedWrites(p.arm)).filter((w) => w.startsWith("DELETE ")),
      [],
      "every target was already gone: no DELETE sent",
    );
    const operationsAfter = (await p.status(request.requestId)).operations as { kind: string; state: string }[];
    assert.deepEqual(
      operationsAfter.map((o) => [o.kind, o.state]),
      [
        ["deprovision", "succeeded"],
        ["deprovision", "succeeded"],
      ],
    );

    // The cluster is gone: any other change is refused up front instead of failing on a missing cluster.
    for (const [method, path] of [
      ["POST", "start"],
      ["POST", "scale"],
    ] as const) {
      const refused = await p.api(method, `clusters/${request.requestId}/${path}`, {});
      assert.equal(refused.status, 409, path);
      const { error } = (await refused.json()) as { error: { code: string; target: string } };
      assert.equal(error.code, "ClusterDeleted", path);
      assert.equal(error.target, again.operationId, "names the deprovision that deleted it");
    }
  });

  it("leaves a found resource group, an existing subnet and an existing registry intact", async () => {
    const request = aRequest("byo");
    const c = p.sdkClients();
    const shared = `rg-shared-${request.requestId.toLowerCase()}`;
    await c.resources.resourceGroups.createOrUpdate(request.resourceGroup, {
      location: "westeurope",
      tags: { owner: "platform-team" },
    });
    await c.resources.resourceGroups.createOrUpdate(shared, { location: "westeurope" });
    const vnet = await c.network.virtualNetworks.beginCreateOrUpdateAndWait(shared, "shared-vnet", {
      location: "westeurope",
      addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
      subnets: [{ name: "nodes", addressPrefix: "10.30.0.0/20" }],
    });
    const subnetId = String(vnet.subnets?.[0]?.id);
    const registryName = request.registry.name;
    const registry = await c.containerRegistry.registries.beginCreateAndWait(shared, registryName, {
      location: "westeurope",
      sku: { name: "Basic" },
    });
    Object.assign(request, {
      network: { kind: "existing", subnetId },
      registry: { kind: "existing", id: String(registry.id) },
    });
    const status = await provisioned(p, request);
    assert.equal(status.resourceGroupFound, true);

    const started = await deleteCluster(p, request.requestId);
    const done = await finishedOperation(p, request.requestId, started.operationId);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.equal(
      done.steps.some((s) => s.id === "delete:resourceGroup"),
      false,
      "no step for a group it did not create",
    );
    assert.deepEqual(await taggedWith(p, request.requestId), [], "what it created is gone");
    const group = await c.resources.resourceGroups.get(request.resourceGroup);
    assert.deepEqual(group.tags, { owner: "platform-team" }, "the found group is as it was");
    const subnet = await c.network.subnets.get(shared, "shared-vnet", "nodes");
    assert.equal(subnet.addressPrefix, "10.30.0.0/20", "the existing subnet is intact");
    const stillThere = await c.containerRegistry.registries.get(shared, registryName);
    assert.equal(stillThere.id, registry.id, "the existing registry is intact");
    // Only the role assignments the provisioning made on them are deleted; nothing else in or of those groups.
    const theirs = [shared, request.resourceGroup.toLowerCase()];
    const deletes = (await loggedWrites(p.arm)).filter(
      (w) => w.startsWith("DELETE ") && !w.includes("/providers/microsoft.authorization/roleassignments/"),
    );
    for (const rg of theirs) {
      assert.equal(
        deletes.some((w) => w.endsWith(`/resourcegroups/${rg}`)),
        false,
        `no DELETE of ${rg}`,
      );
    }
    assert.equal(
      deletes.some((w) => w.includes(`/resourcegroups/${shared}/`)),
      false,
      "nothing in the shared group deleted",
    );
    assert.deepEqual(
      lower(done.result?.keptResourceIds ?? []),
      lower([String(group.id), subnetId, String(registry.id)]),
      "what it used but did not create is listed as kept",
    );
  });

  it("killed (SIGKILL) while the cluster is being deleted, restarted: the deprovision resumes and converges", async () => {
    const request = aRequest("delcrash");
    await provisioned(p, request);
    await p.arm.control.clearCalls();
    const started = await deleteCluster(p, request.requestId);
    const cluster = `/managedclusters/${request.cluster.name.toLowerCase()}`;
    await waitFor(async () => (await loggedWrites(p.arm)).some((w) => w.startsWith("DELETE ") && w.endsWith(cluster)), {
      timeoutMs: 60_000,
      message: "the cluster's DELETE was never sent",
    });
    await p.devhost.kill("SIGKILL");
    await p.startDevhost();
    const done = await finishedOperation(p, request.requestId, started.operationId);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(await taggedWith(p, request.requestId), [], "nothing tagged with the request is left");
    assert.deepEqual(await p.sdkClients().resources.resourceGroups.checkExistence(request.resourceGroup), {
      body: false,
    });
  });

  it("cleans up after a provisioning that failed and kept what it made", async () => {
    const request = { ...aRequest("delkept"), onFailure: "keep" };
    await p.arm.control.addFault({
      action: "error",
      method: "PUT",
      pathPattern: `/managedclusters/${request.cluster.name.toLowerCase()}$`,
      status: 400,
      code: "InvalidParameter",
    });
    try {
      await p.api("POST", "clusters", request);
      const status = await p.finished(request.requestId, 90_000);
      assert.equal(status.state, "failed");
    } finally {
      await p.arm.control.clearFaults();
    }
    assert.ok((await taggedWith(p, request.requestId)).length > 0, "the failed run kept its VNet, registry, disk");
    const started = await deleteCluster(p, request.requestId);
    const done = await finishedOperation(p, request.requestId, started.operationId);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(await taggedWith(p, request.requestId), []);
  });

  it("answers 404 for an unknown request id", async () => {
    const res = await p.api("DELETE", "clusters/CHG-nobody-here");
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, "NotFound");
  });
});

describe("a deprovision whose cluster delete outlives PROVISION_TIMEOUT_MINUTES", () => {
  let p: Provisioner;
  before(async () => {
    // 0.2 minutes = 12 s (room for the provisioning before it on a loaded machine); the delete takes ten minutes.
    p = await Provisioner.start({
      arm: { durationsMs: { clusterDelete: 600_000 } },
      settings: { PROVISION_TIMEOUT_MINUTES: "0.2" },
    });
  });
  after(() => p.stop());

  it("fails with DeleteTimeout naming the resource and what ARM showed last, and deletes nothing after it", async () => {
    const request = aRequest("delslow");
    await provisioned(p, request);
    const { operationId } = await deleteCluster(p, request.requestId);
    const done = await finishedOperation(p, request.requestId, operationId);
    assert.equal(done.state, "failed");
    assert.equal(done.failure?.step, "delete:cluster");
    assert.equal(done.failure?.error.code, "DeleteTimeout");
    assert.match(done.failure?.error.message ?? "", /managedClusters\/.+ still Deleting after 0\.2 minutes/);
    assert.equal(done.result?.failures.length, 1, "the failure is listed per resource");
    assert.deepEqual(
      done.steps.map((s) => [s.id, s.state]),
      [
        ["delete:roleAssignments", "succeeded"],
        ["delete:cluster", "failed"],
        ["delete:dependencies", "skipped"],
        ["delete:resourceGroup", "skipped"],
      ],
    );
    const vnet = await p.sdkClients().network.virtualNetworks.get(request.resourceGroup, request.network.vnetName);
    assert.ok(vnet.id, "the VNet is not deleted while the cluster may still use it");
    const failed = await waitFor(
      () => p.eventsOf(request.requestId).find((e) => e.type === "cluster.operation.failed"),
      { timeoutMs: 20_000, message: "no cluster.operation.failed" },
    );
    assert.equal((failed.data.error as { code: string }).code, "DeleteTimeout");
  });
});
