import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { finishedOperation, provisioned } from "./operationHelpers.js";

// Stop and start take a moment, so a second operation sent meanwhile meets the first.
const durationsMs = { clusterStop: 800, clusterStart: 800, nodeReady: 200 };

describe("day-2: stop and start, one operation per cluster at a time", () => {
  let p: Provisioner;
  let request: ReturnType<typeof aRequest>;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
    request = aRequest("power");
    await provisioned(p, request);
  });
  after(() => p.stop());

  it("stops the cluster (202, operation URL 202 → 200), ARM says Stopped, cluster.stopped is published; a second change meanwhile is 409", async () => {
    await p.arm.control.clearCalls();
    const res = await p.api("POST", `clusters/${request.requestId}/stop`);
    assert.equal(res.status, 202, await res.clone().text());
    const started = (await res.json()) as { operationId: string; operationUrl: string; kind: string };
    assert.equal(started.kind, "stop");
    assert.equal(res.headers.get("location"), started.operationUrl);

    const second = await p.api("POST", `clusters/${request.requestId}/start`);
    assert.equal(second.status, 409);
    const busy = ((await second.json()) as { error: { code: string; target: string } }).error;
    assert.equal(busy.code, "ClusterBusy");
    assert.equal(busy.target, started.operationId, "names the running operation");

    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    const cluster = await p
      .sdkClients()
      .containerService.managedClusters.get(request.resourceGroup, request.cluster.name);
    assert.equal(cluster.powerState?.code, "Stopped");
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.stopped"), 10_000);
    const { value } = await p.arm.control.calls();
    assert.equal(
      value.filter((c) => c.code === "OperationNotAllowed").length,
      0,
      "ARM never saw two of our changes at once",
    );
    const status = await p.status(request.requestId);
    const operations = status.operations as { operationId: string; kind: string; state: string }[];
    assert.deepEqual(
      operations.map((o) => [o.operationId, o.kind, o.state]),
      [[started.operationId, "stop", "succeeded"]],
    );
  });

  it("starts it again and waits until its nodes are Ready; the lock remembers both operations", async () => {
    const res = await p.api("POST", `clusters/${request.requestId}/start`, {});
    assert.equal(res.status, 202, await res.clone().text());
    const started = (await res.json()) as { operationId: string; operationUrl: string };
    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(
      done.steps.map((s) => [s.id, s.state]),
      [
        ["power", "succeeded"],
        ["readiness", "succeeded"],
      ],
    );
    const cluster = await p
      .sdkClients()
      .containerService.managedClusters.get(request.resourceGroup, request.cluster.name);
    assert.equal(cluster.powerState?.code, "Running");
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.started"), 10_000);
    const progress = p.eventsOf(request.requestId).filter((e) => e.type === "cluster.operation.progress");
    assert.ok(progress.some((e) => e.data.operationId === started.operationId && e.data.step === "readiness"));
    const operations = (await p.status(request.requestId)).operations as { kind: string }[];
    assert.deepEqual(
      operations.map((o) => o.kind),
      ["start", "stop"],
      "newest first",
    );
  });

  it("refuses a body with fields (400), an unknown request (404), and an operation on a cluster that is not provisioned (409)", async () => {
    const bad = await p.api("POST", `clusters/${request.requestId}/stop`, { force: true });
    assert.equal(bad.status, 400);
    assert.equal((await p.api("POST", "clusters/CHG-nobody/stop")).status, 404);
    const failed = { ...aRequest("nostop"), onFailure: "keep" };
    await p.arm.control.addFault({
      action: "error",
      method: "PUT",
      pathPattern: `/resourcegroups/${failed.resourceGroup}$`,
      status: 400,
      code: "InvalidParameter",
    });
    await p.api("POST", "clusters", failed);
    await p.finished(failed.requestId);
    await p.arm.control.clearFaults();
    const refused = await p.api("POST", `clusters/${failed.requestId}/stop`);
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "ClusterNotProvisioned");
  });
});
