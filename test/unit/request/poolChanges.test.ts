import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ClusterRequest,
  type ComputeCapacity,
  checkPoolAddBody,
  checkPoolRemove,
  checkScaleBody,
  countAfter,
  type NodePoolSummary,
  plan,
  scaleWrites,
  validateClusterRequest,
} from "../../../src/request/index.js";
import { aClusterRequest, TEST_SUBSCRIPTION } from "./builders.js";

const live: NodePoolSummary[] = [
  { name: "system", mode: "System", vmSize: "Standard_D2s_v5", count: 1 },
  { name: "apps", mode: "User", vmSize: "Standard_D4s_v5", count: 2 },
  { name: "auto", mode: "User", vmSize: "Standard_D4s_v5", count: 2, minCount: 1, maxCount: 5 },
];

const livePool = {
  name: "auto",
  id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1/agentPools/auto",
  provisioningState: "Succeeded",
  currentOrchestratorVersion: "1.30.6",
  nodeImageVersion: "AKSUbuntu-x",
  count: 2,
  vmSize: "Standard_D4s_v5",
  mode: "User" as const,
  enableAutoScaling: true,
  minCount: 1,
  maxCount: 5,
  nodeLabels: { workload: "auto" },
  maxPods: 250,
  orchestratorVersion: "1.30",
};

describe("scale bodies", () => {
  it("accepts counts for fixed pools and bounds for any pool", () => {
    const checked = checkScaleBody({ pools: { apps: 3, auto: { min: 2, max: 6 } } }, live);
    assert.deepEqual(checked, { ok: true, value: { pools: { apps: 3, auto: { min: 2, max: 6 } } } });
  });

  it("lists every problem: an unknown pool at its path, a count for an autoscaled pool, min above max, System to 0", () => {
    const checked = checkScaleBody({ pools: { nope: 1, auto: 3, apps: { min: 4, max: 2 }, system: 0 } }, live);
    assert.equal(checked.ok, false);
    if (checked.ok) return;
    assert.deepEqual(
      checked.problems.map((p) => [p.path, p.code]),
      [
        ["pools.nope", "UnknownAgentPool"],
        ["pools.auto", "InvalidParameter"],
        ["pools.apps.min", "InvalidParameter"],
        ["pools.system", "InvalidParameter"],
      ],
    );
  });

  it("refuses a wrong shape with the schema's problems, and an empty pools map", () => {
    const shape = checkScaleBody({ pools: { apps: -1 }, extra: true }, live);
    assert.equal(shape.ok, false);
    if (!shape.ok) assert.deepEqual(shape.problems.map((p) => p.code).sort(), ["OutOfRange", "UnknownField"]);
    const empty = checkScaleBody({ pools: {} }, live);
    assert.equal(empty.ok, false);
  });
});

describe("scale writes (built from the live pool)", () => {
  it("a count keeps every other field and drops what AKS fills", () => {
    const fixed = { ...livePool, enableAutoScaling: false, minCount: undefined, maxCount: undefined };
    const [write, ...rest] = scaleWrites(fixed, 4);
    assert.equal(rest.length, 0);
    assert.equal(write?.count, 4);
    assert.equal(write?.enableAutoScaling, false);
    assert.deepEqual(write?.nodeLabels, { workload: "auto" });
    assert.equal(write?.orchestratorVersion, "1.30");
    for (const key of ["id", "name", "provisioningState", "currentOrchestratorVersion", "nodeImageVersion"])
      assert.ok(!(key in (write ?? {})), key);
  });

  it("a pool already as asked needs no write", () => {
    assert.deepEqual(scaleWrites(livePool, { min: 1, max: 5 }), []);
    assert.deepEqual(scaleWrites({ ...livePool, enableAutoScaling: false }, 2), []);
    assert.equal(scaleWrites(livePool, 2).length, 1, "a count turns autoscaling off");
  });

  it("bounds around the current count are one write without count", () => {
    const writes = scaleWrites(livePool, { min: 2, max: 8 });
    assert.equal(writes.length, 1);
    assert.ok(!("count" in (writes[0] ?? {})), "the autoscaler owns the count");
    assert.deepEqual([writes[0]?.enableAutoScaling, writes[0]?.minCount, writes[0]?.maxCount], [true, 2, 8]);
  });

  it("min above the current count scales to it first (autoscaling off), then sets the bounds without count", () => {
    const writes = scaleWrites(livePool, { min: 4, max: 6 });
    assert.deepEqual(
      writes.map((w) => [w.enableAutoScaling, w.count, w.minCount, w.maxCount]),
      [
        [false, 4, undefined, undefined],
        [true, undefined, 4, 6],
      ],
    );
    assert.ok(!("count" in (writes[1] ?? {})));
    assert.equal(countAfter(2, { min: 4, max: 6 }), 4);
    assert.equal(countAfter(9, { min: 1, max: 3 }), 3);
    assert.equal(countAfter(2, 7), 7);
  });
});

describe("pool add and remove", () => {
  const request = validated();
  const provisioned = plan(request, { defaultSubscriptionId: TEST_SUBSCRIPTION });
  const pools: NodePoolSummary[] = request.nodePools.map((p) => ({
    name: p.name,
    mode: p.mode,
    vmSize: p.vmSize,
    count: p.count,
  }));
  const capacity: ComputeCapacity = {
    sizes: [
      { name: "Standard_D2s_v5", family: "standardDSv5Family", vcpus: 2, zones: ["1", "2", "3"] },
      { name: "Standard_D4s_v5", family: "standardDSv5Family", vcpus: 4, zones: ["1", "2", "3"] },
    ],
    quotas: [
      { name: "standardDSv5Family", limit: 40, current: 10 },
      { name: "cores", limit: 100, current: 10 },
    ],
  };

  it("builds the agent-pool body with the request's rules (subnet, tags, maxPods)", () => {
    const checked = checkPoolAddBody(
      { name: "gpu", vmSize: "Standard_D4s_v5", count: 2, labels: { a: "b" } },
      request,
      provisioned,
      pools,
      capacity,
    );
    assert.ok(checked.ok, JSON.stringify(checked));
    if (!checked.ok) return;
    assert.equal(checked.value.name, "gpu");
    assert.equal(checked.value.body.mode, "User");
    assert.equal(checked.value.body.count, 2);
    assert.equal(checked.value.body.vnetSubnetID, provisioned.references.subnetId);
    assert.ok(!("name" in checked.value.body));
    assert.deepEqual(checked.value.summary, { name: "gpu", mode: "User", vmSize: "Standard_D4s_v5", count: 2 });
  });

  it("lists every problem of a bad pool: a name taken, a size not offered, over quota, subnet too small", () => {
    const taken = checkPoolAddBody({ name: "apps", vmSize: "Standard_E64s_v9" }, request, provisioned, pools, capacity);
    assert.equal(taken.ok, false);
    if (!taken.ok)
      assert.deepEqual(
        taken.problems.map((p) => [p.path, p.code]),
        [
          ["name", "DuplicateAgentPoolName"],
          ["vmSize", "VMSizeNotSupported"],
        ],
      );
    const small = validated({ kind: "new", addressPrefixes: ["10.10.0.0/16"], subnetPrefix: "10.10.0.0/24" });
    const big = checkPoolAddBody(
      { name: "big", vmSize: "Standard_D4s_v5", count: 300 },
      small,
      provisioned,
      pools,
      capacity,
    );
    assert.equal(big.ok, false);
    if (!big.ok)
      assert.deepEqual(
        big.problems.map((p) => [p.path, p.code]),
        [
          ["network.subnetPrefix", "InsufficientSubnetSize"],
          ["count", "QuotaExceeded"],
          ["count", "QuotaExceeded"],
        ],
      );
    const name = checkPoolAddBody({ name: "Bad_Name", vmSize: "nope" }, request, provisioned, pools, capacity);
    assert.equal(name.ok, false);
    if (!name.ok)
      assert.deepEqual(
        name.problems.map((p) => [p.path, p.code]),
        [
          ["name", "InvalidAgentPoolName"],
          ["vmSize", "InvalidParameter"],
        ],
      );
  });

  it("removes a User pool, never the last System pool, and knows no unknown pool", () => {
    assert.deepEqual(checkPoolRemove("apps", pools), { ok: true, value: { name: "apps" } });
    const last = checkPoolRemove("system", pools);
    assert.equal(last?.ok, false);
    if (last && !last.ok) assert.equal(last.problems[0]?.code, "MustDefineAtLeastOneSystemPool");
    assert.equal(checkPoolRemove("nope", pools), undefined);
    const two = [...pools, { name: "sys2", mode: "System" as const, vmSize: "Standard_D2s_v5", count: 1 }];
    assert.equal(checkPoolRemove("system", two)?.ok, true);
  });
});

function validated(network?: Record<string, unknown>): ClusterRequest {
  const result = validateClusterRequest({ ...aClusterRequest(), ...(network ? { network } : {}) });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.request;
}
