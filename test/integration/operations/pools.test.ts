import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { apiErrorOf, finishedOperation, provisioned, startOperation } from "./operationHelpers.js";

const durationsMs = { poolCreate: 300, poolDelete: 300, nodeReady: 50 };

describe("day-2: add and remove node pools", () => {
  let p: Provisioner;
  let request: ReturnType<typeof aRequest>;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
    request = aRequest("pools");
    await provisioned(p, request);
  });
  after(() => p.stop());

  const poolNames = async () => {
    const names: string[] = [];
    for await (const pool of p
      .sdkClients()
      .containerService.agentPools.list(request.resourceGroup, request.cluster.name))
      names.push(pool.name ?? "");
    return names.sort();
  };

  it("adds a pool: its PUT, Ready nodes with its labels, cluster.pool.added, the status lists it", async () => {
    await p.arm.control.clearCalls();
    const started = await startOperation(p, "POST", `clusters/${request.requestId}/pools`, {
      name: "batch",
      vmSize: "Standard_D2s_v5",
      count: 2,
      labels: { workload: "batch" },
      taints: ["batch=true:NoSchedule"],
    });
    assert.equal(started.kind, "poolAdd");
    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(
      done.steps.map((s) => [s.id, s.state]),
      [
        ["pool:batch", "succeeded"],
        ["readiness", "succeeded"],
      ],
    );
    assert.deepEqual(await poolNames(), ["apps", "batch", "system"]);
    const live = await p
      .sdkClients()
      .containerService.agentPools.get(request.resourceGroup, request.cluster.name, "batch");
    assert.deepEqual([live.mode, live.count, live.nodeLabels?.workload], ["User", 2, "batch"]);
    assert.ok(live.vnetSubnetID, "in the cluster's subnet");
    const added = await waitFor(
      () => p.eventsOf(request.requestId).find((e) => e.type === "cluster.pool.added"),
      10_000,
    );
    assert.deepEqual(added.data.nodePool, { name: "batch", mode: "User", vmSize: "Standard_D2s_v5", count: 2 });
    const status = await p.status(request.requestId);
    assert.deepEqual((status.pools as { name: string }[]).map((x) => x.name).sort(), ["apps", "batch", "system"]);
    const { value } = await p.arm.control.calls();
    assert.equal(value.filter((c) => c.code === "OperationNotAllowed").length, 0);
  });

  it("refuses a bad pool with every problem: a bad name and a VM size not offered; a name taken and over quota", async () => {
    const unknownSize = await p.api("POST", `clusters/${request.requestId}/pools`, {
      name: "Bad_Name",
      vmSize: "Standard_Q9s_v9",
    });
    assert.equal(unknownSize.status, 400);
    assert.deepEqual(
      (await apiErrorOf(unknownSize)).details?.map((d) => [d.path, d.code]),
      [
        ["name", "InvalidAgentPoolName"],
        ["vmSize", "VMSizeNotSupported"],
      ],
    );
    const overQuota = await p.api("POST", `clusters/${request.requestId}/pools`, {
      name: "apps",
      vmSize: "Standard_D4s_v5",
      count: 60,
    });
    assert.equal(overQuota.status, 400);
    const details = (await apiErrorOf(overQuota)).details ?? [];
    assert.deepEqual(details.map((d) => [d.path, d.code])[0], ["name", "DuplicateAgentPoolName"]);
    assert.ok(
      details.some((d) => d.path === "count" && d.code === "QuotaExceeded"),
      JSON.stringify(details),
    );
    assert.deepEqual(await poolNames(), ["apps", "batch", "system"], "nothing was written");
  });

  it("removes a User pool (cluster.pool.removed); the last System pool is 400, an unknown pool 404", async () => {
    const started = await startOperation(p, "DELETE", `clusters/${request.requestId}/pools/batch`);
    assert.equal(started.kind, "poolRemove");
    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(await poolNames(), ["apps", "system"]);
    const removed = await waitFor(
      () => p.eventsOf(request.requestId).find((e) => e.type === "cluster.pool.removed"),
      10_000,
    );
    assert.equal(removed.data.nodePool, "batch");
    const status = await p.status(request.requestId);
    assert.deepEqual((status.pools as { name: string }[]).map((x) => x.name).sort(), ["apps", "system"]);

    const last = await p.api("DELETE", `clusters/${request.requestId}/pools/system`);
    assert.equal(last.status, 400);
    const error = await apiErrorOf(last);
    assert.equal(error.details?.[0]?.code, "MustDefineAtLeastOneSystemPool");
    const unknown = await p.api("DELETE", `clusters/${request.requestId}/pools/nope`);
    assert.equal(unknown.status, 404);
    assert.equal((await apiErrorOf(unknown)).target, "nope");
    assert.deepEqual(await poolNames(), ["apps", "system"]);
  });

  it("a start after the pools changed waits for the pools ARM has now, not the ones provisioned", async () => {
    const removed = await startOperation(p, "DELETE", `clusters/${request.requestId}/pools/apps`);
    assert.equal((await finishedOperation(p, removed.operationUrl)).state, "succeeded");
    const stop = await startOperation(p, "POST", `clusters/${request.requestId}/stop`);
    assert.equal((await finishedOperation(p, stop.operationUrl)).state, "succeeded");
    const start = await startOperation(p, "POST", `clusters/${request.requestId}/start`);
    const done = await finishedOperation(p, start.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(await poolNames(), ["system"]);
  });
});
