import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { apiErrorOf, finishedOperation, startOperation } from "./operationHelpers.js";

// Pool writes take a moment, so a second operation sent meanwhile meets the first.
const durationsMs = { poolScale: 400, poolUpdate: 300, nodeReady: 50 };

describe("day-2: scale node pools (counts and autoscale bounds)", () => {
  let p: Provisioner;
  let request: ReturnType<typeof aRequest>;
  before(async () => {
    p = await Provisioner.start({ arm: { durationsMs } });
    request = aRequest("scale");
    (request.nodePools as unknown[]).push({
      name: "auto",
      mode: "User",
      vmSize: "Standard_D2s_v5",
      autoscale: { min: 1, max: 3 },
    });
    await p.api("POST", "clusters", request);
    assert.equal((await p.finished(request.requestId)).state, "succeeded");
  });
  after(() => p.stop());

  const poolPuts = async (pool: string) => {
    const { value } = await p.arm.control.calls();
    return value.filter((c) => c.method === "PUT" && c.path.toLowerCase().endsWith(`/agentpools/${pool}`));
  };
  const livePool = (name: string) =>
    p.sdkClients().containerService.agentPools.get(request.resourceGroup, request.cluster.name, name);

  it("scales a count pool end to end: one PUT built from the live pool, cluster.scaled, the status shows the count", async () => {
    await p.arm.control.clearCalls();
    const started = await startOperation(p, "POST", `clusters/${request.requestId}/scale`, { pools: { apps: 4 } });
    assert.equal(started.kind, "scale");
    assert.equal(started.instanceId, `ops-${request.requestId}`, "the operation's own instance id");
    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(
      done.steps.map((s) => [s.id, s.state]),
      [["pool:apps", "succeeded"]],
    );
    assert.equal((await livePool("apps")).count, 4);
    const puts = await poolPuts("apps");
    assert.equal(puts.length, 1);
    const sent = bodyOf(puts[0]);
    assert.equal(sent.count, 4);
    assert.equal(sent.vmSize, "Standard_D4s_v5", "kept from the live pool");
    assert.deepEqual(sent.nodeLabels, { workload: "apps" }, "kept from the live pool");
    const scaled = await waitFor(
      () => p.eventsOf(request.requestId).find((e) => e.type === "cluster.scaled" && e.data.nodePool === "apps"),
      10_000,
    );
    assert.deepEqual(scaled.data, { nodePool: "apps", fromCount: 2, toCount: 4, trigger: { kind: "request" } });
    const status = await p.status(request.requestId);
    const pools = status.pools as { name: string; count: number }[];
    assert.equal(pools.find((x) => x.name === "apps")?.count, 4, "the status shows the new count");
    const { value } = await p.arm.control.calls();
    assert.equal(value.filter((c) => c.code === "OperationNotAllowed").length, 0);
  });

  it("sets an autoscaled pool's bounds without ever sending count", async () => {
    await p.arm.control.clearCalls();
    const started = await startOperation(p, "POST", `clusters/${request.requestId}/scale`, {
      pools: { auto: { min: 1, max: 5 } },
    });
    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    const puts = await poolPuts("auto");
    assert.equal(puts.length, 1);
    const sent = bodyOf(puts[0]);
    assert.ok(!("count" in sent), `no count in the PUT: ${JSON.stringify(sent)}`);
    assert.deepEqual([sent.enableAutoScaling, sent.minCount, sent.maxCount], [true, 1, 5]);
    const live = await livePool("auto");
    assert.deepEqual([live.enableAutoScaling, live.minCount, live.maxCount, live.count], [true, 1, 5, 1]);
  });

  it("raising min above the current count scales to it now; the bounds' PUT still carries no count", async () => {
    await p.arm.control.clearCalls();
    const started = await startOperation(p, "POST", `clusters/${request.requestId}/scale`, {
      pools: { auto: { min: 3, max: 5 } },
    });
    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    const live = await livePool("auto");
    assert.deepEqual([live.enableAutoScaling, live.minCount, live.maxCount, live.count], [true, 3, 5, 3]);
    const bodies = (await poolPuts("auto")).map(
      (c) => (c.requestBody as { properties: Record<string, unknown> }).properties,
    );
    const last = bodies.at(-1) ?? {};
    assert.ok(!("count" in last), "the autoscaled PUT names no count");
    assert.deepEqual([last.enableAutoScaling, last.minCount, last.maxCount], [true, 3, 5]);
    assert.ok(
      bodies.slice(0, -1).every((b) => b.enableAutoScaling === false),
      "a count is only ever sent with autoscaling off",
    );
    const scaled = await waitFor(
      () =>
        p
          .eventsOf(request.requestId)
          .find((e) => e.type === "cluster.scaled" && e.data.nodePool === "auto" && e.data.toCount === 3),
      10_000,
    );
    assert.equal(scaled.data.fromCount, 1);
  });

  it("scales two pools in one operation one after the other, because ARM refuses two pool writes at once", async () => {
    // What the sandbox (like AKS) does with two pools' PUTs at once: the second is 409 OperationNotAllowed.
    const pools = p.sdkClients().containerService.agentPools;
    const apps = await pools.get(request.resourceGroup, request.cluster.name, "apps");
    const first = pools.createOrUpdate(request.resourceGroup, request.cluster.name, "apps", { ...apps, count: 3 });
    await first.submitted();
    const system = await pools.get(request.resourceGroup, request.cluster.name, "system");
    await assert.rejects(
      async () => {
        const second = pools.createOrUpdate(request.resourceGroup, request.cluster.name, "system", {
          ...system,
          count: 2,
        });
        await second.submitted();
      },
      (e: { code?: string }) => e.code === "OperationNotAllowed",
    );
    await first.pollUntilDone();

    await p.arm.control.clearCalls();
    const started = await startOperation(p, "POST", `clusters/${request.requestId}/scale`, {
      pools: { apps: 1, system: 2 },
    });
    const done = await finishedOperation(p, started.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.deepEqual(
      done.steps.map((s) => [s.id, s.state]),
      [
        ["pool:apps", "succeeded"],
        ["pool:system", "succeeded"],
      ],
    );
    assert.deepEqual([(await livePool("apps")).count, (await livePool("system")).count], [1, 2]);
    const { value } = await p.arm.control.calls();
    assert.equal(value.filter((c) => c.code === "OperationNotAllowed").length, 0, "in sequence, never refused");
    const events = await waitFor(() => {
      const scaled = p
        .eventsOf(request.requestId)
        .filter((e) => e.type === "cluster.scaled" && e.messageId && e.data.toCount !== undefined)
        .filter((e) => (e.data.nodePool === "apps" && e.data.toCount === 1) || e.data.nodePool === "system");
      return scaled.length === 2 ? scaled : undefined;
    }, 10_000);
    assert.notEqual(events[0]?.messageId, events[1]?.messageId, "one event per pool, each its own message id");
  });

  it("refuses a bad body with every problem (400), an unknown request (404)", async () => {
    const res = await p.api("POST", `clusters/${request.requestId}/scale`, {
      pools: { nope: 2, auto: 4, apps: { min: 3, max: 1 } },
    });
    assert.equal(res.status, 400);
    const error = await apiErrorOf(res);
    assert.deepEqual(
      error.details?.map((d) => [d.path, d.code]),
      [
        ["pools.nope", "UnknownAgentPool"],
        ["pools.auto", "InvalidParameter"],
        ["pools.apps.min", "InvalidParameter"],
      ],
    );
    assert.equal((await p.api("POST", "clusters/CHG-nobody/scale", { pools: { apps: 1 } })).status, 404);
  });

  it("two operations at once on one cluster: one runs, the other is 409 ClusterBusy; ARM never sees them overlap", async () => {
    await p.arm.control.clearCalls();
    const first = await startOperation(p, "POST", `clusters/${request.requestId}/scale`, { pools: { apps: 2 } });
    const second = await p.api("POST", `clusters/${request.requestId}/pools`, {
      name: "extra",
      vmSize: "Standard_D2s_v5",
    });
    assert.equal(second.status, 409);
    const busy = await apiErrorOf(second);
    assert.equal(busy.code, "ClusterBusy");
    assert.equal(busy.target, first.operationId);
    const done = await finishedOperation(p, first.operationUrl);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    const { value } = await p.arm.control.calls();
    assert.equal(value.filter((c) => c.code === "OperationNotAllowed").length, 0, "zero OperationNotAllowed");
  });
});

/** The `properties` of a PUT's body as ARM's call log recorded it. */
function bodyOf(call: { requestBody?: unknown } | undefined): Record<string, unknown> {
  const body = call?.requestBody as { properties?: Record<string, unknown> } | undefined;
  assert.ok(body?.properties, "the call log has the PUT's body");
  return body.properties;
}
