import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CLUSTER_ROW_KEY,
  fromClusterEntity,
  MAX_PROPERTY_CHARS,
  toClusterEntity,
} from "../../../src/request/clusterEntity.js";
import { applyClusterChange, type ClusterChange, type ClusterRow } from "../../../src/request/clusterRow.js";
import { plan, validateClusterRequest } from "../../../src/request/index.js";
import { aClusterRequest, TEST_SUBSCRIPTION } from "./builders.js";

const t = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute)).toISOString();

function started(at = t(0)): Extract<ClusterChange, { kind: "provisionStarted" }> {
  const checked = validateClusterRequest({ ...aClusterRequest(), ttlHours: 24, requester: "ana@contoso.com" });
  assert.ok(checked.ok);
  const p = plan(checked.request, { defaultSubscriptionId: TEST_SUBSCRIPTION });
  return {
    kind: "provisionStarted",
    at,
    requestId: p.requestId,
    instanceId: `provision-${p.requestId}`,
    owner: "ana@contoso.com",
    specHash: "h1",
    plan: p,
    schedules: checked.request.schedules,
    ttlHours: 24,
  };
}

function apply(before: ClusterRow | undefined, change: ClusterChange): ClusterRow {
  const result = applyClusterChange(before, change);
  assert.notEqual(result.kind, "unknown");
  return (result as { row: ClusterRow }).row;
}

function provisioned(): ClusterRow {
  const start = started();
  return apply(apply(undefined, start), { ...start, kind: "provisionEnded", at: t(10), outcome: "provisioned" });
}

const op = (kind: "stop" | "start" | "deprovision" | "scale", id: string) => ({
  kind,
  operationId: id,
  instanceId: "ops-CHG-42",
});

describe("cluster row transitions", () => {
  it("a provisioning start writes the plan's facts, state provisioning", () => {
    const start = started();
    const row = apply(undefined, start);
    assert.equal(row.state, "provisioning");
    assert.equal(row.owner, "ana@contoso.com");
    assert.equal(row.resourceIds.cluster, start.plan.clusterId);
    assert.equal(row.resourceIds.registry, start.plan.references.registryId);
    assert.equal(row.resourceIds.subnet, start.plan.references.subnetId);
    assert.ok(start.plan.references.subnetId?.startsWith(`${row.resourceIds.virtualNetwork}/subnets/`));
    assert.deepEqual(row.resourceIds.disks, start.plan.references.diskIds);
    assert.equal(row.schedules.length, start.schedules.length);
    assert.equal(row.lastOperation?.kind, "provision");
    assert.equal(row.lastOperation?.state, "running");
    assert.equal(row.expiresAt, undefined);
  });

  it("a provisioning end sets provisionedAt and expiresAt = provisionedAt + ttlHours", () => {
    const row = provisioned();
    assert.equal(row.state, "provisioned");
    assert.equal(row.provisionedAt, t(10));
    assert.equal(row.expiresAt, new Date(Date.parse(t(10)) + 24 * 3_600_000).toISOString());
    assert.equal(row.lastOperation?.state, "succeeded");
    assert.equal(row.lastOperation?.endedAt, t(10));
  });

  it("a failed or rolled back provisioning has no expiry", () => {
    const start = started();
    for (const outcome of ["failed", "rolledBack"] as const) {
      const row = apply(apply(undefined, start), { ...start, kind: "provisionEnded", at: t(5), outcome });
      assert.equal(row.state, outcome);
      assert.equal(row.expiresAt, undefined);
      assert.equal(row.lastOperation?.state, "failed");
    }
  });

  it("stop → stopped, start → provisioned, deprovision → deleting then deleted", () => {
    let row = provisioned();
    row = apply(row, { kind: "operationStarted", at: t(20), requestId: row.requestId, operation: op("stop", "o1") });
    assert.equal(row.state, "provisioned");
    assert.equal(row.lastOperation?.state, "running");
    const stopEnd = { requestId: row.requestId, operation: op("stop", "o1"), outcome: "succeeded" as const };
    row = apply(row, { kind: "operationEnded", at: t(21), ...stopEnd });
    assert.equal(row.state, "stopped");
    assert.deepEqual(row.lastOperation, {
      kind: "stop",
      operationId: "o1",
      instanceId: "ops-CHG-42",
      state: "succeeded",
      startedAt: t(20),
      endedAt: t(21),
      fromState: "provisioned",
    });
    row = apply(row, { kind: "operationStarted", at: t(30), requestId: row.requestId, operation: op("start", "o2") });
    row = apply(row, { kind: "operationEnded", at: t(31), ...stopEnd, operation: op("start", "o2") });
    assert.equal(row.state, "provisioned");
    const del = op("deprovision", "o3");
    row = apply(row, { kind: "operationStarted", at: t(40), requestId: row.requestId, operation: del });
    assert.equal(row.state, "deleting");
    // A replayed start of the same operation still remembers the state it found.
    row = apply(row, { kind: "operationStarted", at: t(40), requestId: row.requestId, operation: del });
    assert.equal(row.lastOperation?.fromState, "provisioned");
    row = apply(row, { kind: "operationEnded", at: t(41), ...stopEnd, operation: del });
    assert.equal(row.state, "deleted");
  });

  it("a failed operation leaves the state it found (a failed stop, a failed deprovision)", () => {
    let row = provisioned();
    for (const [kind, id] of [
      ["stop", "o1"],
      ["deprovision", "o2"],
    ] as const) {
      const at = id === "o1" ? 20 : 30;
      row = apply(row, { kind: "operationStarted", at: t(at), requestId: row.requestId, operation: op(kind, id) });
      row = apply(row, {
        kind: "operationEnded",
        at: t(at + 1),
        requestId: row.requestId,
        operation: op(kind, id),
        outcome: "failed",
      });
      assert.equal(row.state, "provisioned", kind);
      assert.equal(row.lastOperation?.state, "failed");
    }
  });

  it("a scale that succeeds records the pools it left", () => {
    const row = apply(provisioned(), {
      kind: "operationEnded",
      at: t(20),
      requestId: "CHG-42",
      operation: op("scale", "o1"),
      outcome: "succeeded",
      pools: [{ name: "apps", mode: "User", vmSize: "Standard_D4s_v5", count: 5 }],
    });
    assert.equal(row.state, "provisioned");
    assert.equal(row.pools?.[0]?.count, 5);
  });

  it("a stale change (older clock than the row's) does not overwrite newer facts", () => {
    let row = provisioned();
    const stop = op("stop", "o1");
    row = apply(row, { kind: "operationStarted", at: t(20), requestId: row.requestId, operation: stop });
    row = apply(row, {
      kind: "operationEnded",
      at: t(21),
      requestId: row.requestId,
      operation: stop,
      outcome: "succeeded",
    });
    // The provisioning's end, retried late, and the stop's start, replayed late.
    const lateEnd = applyClusterChange(row, {
      ...started(),
      kind: "provisionEnded",
      at: t(10),
      outcome: "provisioned",
    });
    assert.equal(lateEnd.kind, "stale");
    assert.deepEqual((lateEnd as { row: ClusterRow }).row, row);
    const lateStart = applyClusterChange(row, {
      kind: "operationStarted",
      at: t(20),
      requestId: row.requestId,
      operation: stop,
    });
    assert.equal(lateStart.kind, "stale");
    assert.equal(lateStart.kind === "stale" && lateStart.row.state, "stopped");
    assert.equal(applyClusterChange(row, { ...started(), at: t(1) }).kind, "stale");
  });

  it("the same change applied twice gives the same row", () => {
    const start = started();
    const once = apply(undefined, start);
    assert.deepEqual(apply(once, start), once);
    const end = { ...start, kind: "provisionEnded" as const, at: t(10), outcome: "provisioned" as const };
    const ended = apply(once, end);
    assert.deepEqual(apply(ended, end), ended);
  });

  it("a provisioning end whose start went unrecorded makes the whole row", () => {
    const start = started();
    const row = apply(undefined, { ...start, kind: "provisionEnded", at: t(10), outcome: "provisioned" });
    const { lastOperation: _, ...facts } = row;
    const { lastOperation: __, ...expected } = provisioned();
    assert.deepEqual(facts, expected);
    assert.equal(row.lastOperation?.state, "succeeded");
  });

  it("a day-2 change with no row is unknown, not a row", () => {
    const result = applyClusterChange(undefined, {
      kind: "operationStarted",
      at: t(0),
      requestId: "nope",
      operation: op("stop", "o1"),
    });
    assert.equal(result.kind, "unknown");
  });
});

describe("cluster entity encoding", () => {
  it("round-trips a row: request id as PartitionKey, filter columns flat, lists as JSON", () => {
    let row = provisioned();
    row = apply(row, { kind: "operationStarted", at: t(20), requestId: row.requestId, operation: op("stop", "o1") });
    const entity = toClusterEntity(row);
    assert.equal(entity.partitionKey, "CHG-42");
    assert.equal(entity.rowKey, CLUSTER_ROW_KEY);
    assert.equal(entity.state, "provisioned");
    assert.equal(entity.owner, "ana@contoso.com");
    assert.equal(entity.lastOperationKind, "stop");
    assert.equal(typeof entity.schedules, "string");
    for (const value of Object.values(entity)) assert.ok(typeof value === "string" || typeof value === "number");
    assert.deepEqual(fromClusterEntity({ ...entity, etag: "W/x", timestamp: "t" }), row);
  });

  it("splits a JSON value longer than one property may hold, and joins it back", () => {
    const row = provisioned();
    const schedules = Array.from({ length: 50 }, (_, i) => ({
      name: `s${i}`,
      schedule: "0 0 20 * * 1-5",
      timeZone: "Europe/Berlin",
      action: {
        kind: "scale" as const,
        pools: Object.fromEntries(Array.from({ length: 100 }, (_, j) => [`pool${j}`, j])),
      },
    }));
    const big = { ...row, schedules };
    const entity = toClusterEntity(big);
    assert.ok(JSON.stringify(schedules).length > 2 * MAX_PROPERTY_CHARS);
    assert.ok(typeof entity.schedules_2 === "string");
    for (const value of Object.values(entity))
      if (typeof value === "string") assert.ok(value.length <= MAX_PROPERTY_CHARS);
    assert.deepEqual(fromClusterEntity(entity)?.schedules, schedules);
  });

  it("ignores an entity that is not a cluster row", () => {
    assert.equal(fromClusterEntity({ partitionKey: "x", rowKey: "other", state: "provisioned" }), undefined);
    assert.equal(fromClusterEntity({ partitionKey: "x", rowKey: CLUSTER_ROW_KEY, state: "weird" }), undefined);
  });
});
