import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type ArmWrite, plan, TAG_REQUEST_ID, validateClusterRequest } from "../../../src/request/index.js";
import { aClusterRequest, findKeys, TEST_SUBSCRIPTION, withValues } from "./builders.js";

const SUB = "00000000-0000-0000-0000-0000000000ff";

// Built once: constructing stringMatching arbitraries is costly, and `pool` runs inside `chain`.
const labels = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/),
  fc.stringMatching(/^[a-z0-9]{0,8}$/),
  {
    maxKeys: 3,
  },
);

const pool = (name: string, system: boolean) =>
  fc
    .record({
      sizing: fc.oneof(
        fc.record({ count: fc.integer({ min: system ? 1 : 0, max: 5 }) }),
        fc
          .record({ min: fc.integer({ min: system ? 1 : 0, max: 3 }), span: fc.nat(5), at: fc.nat(5) })
          .map(({ min, span, at }) => ({
            count: min + Math.min(at, span),
            autoscale: { min, max: Math.max(1, min + span) },
          })),
      ),
      vmSize: fc.constantFrom("Standard_D2s_v5", "Standard_D4s_v5", "Standard_E8ds_v5"),
      zones: fc.subarray(["1", "2", "3"]),
      maxPods: fc.option(fc.integer({ min: 30, max: 250 }), { nil: undefined }),
      osDiskSizeGb: fc.option(fc.integer({ min: 30, max: 2048 }), { nil: undefined }),
      labels,
      spot: system ? fc.constant(false) : fc.boolean(),
    })
    .map(({ sizing, spot, ...rest }) => ({ name, mode: system ? "System" : "User", ...sizing, ...rest, spot }));

/** Requests that satisfy every rule, across all request features. */
const validRequest = fc
  .record({
    requestId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
    resourceGroup: fc.stringMatching(/^[-a-zA-Z0-9_.()]{0,30}[-a-zA-Z0-9_()]$/),
    clusterName: fc.stringMatching(/^[a-zA-Z0-9][-_a-zA-Z0-9]{0,40}[a-zA-Z0-9]$/),
    location: fc.constantFrom("westeurope", "eastus", "swedencentral"),
    withSubscription: fc.boolean(),
    model: fc.constantFrom("azure-overlay", "azure", "kubenet"),
    policy: fc.constantFrom(undefined, "none", "calico", "azure", "cilium"),
    customRanges: fc.boolean(),
    privateCluster: fc.boolean(),
    workloadIdentity: fc.boolean(),
    network: fc.constantFrom("managed", "new", "existing"),
    registry: fc.oneof(
      fc.constant({ kind: "none" }),
      fc.constant({
        kind: "existing",
        id: `/subscriptions/${SUB}/resourceGroups/shared/providers/Microsoft.ContainerRegistry/registries/sharedacr`,
      }),
      fc.record({
        kind: fc.constant("new"),
        name: fc.stringMatching(/^[a-zA-Z0-9]{5,20}$/),
        sku: fc.constant("Premium"),
        geoReplicas: fc.subarray(["northeurope", "centralus"]),
      }),
      fc.record({
        kind: fc.constant("new"),
        name: fc.stringMatching(/^[a-zA-Z0-9]{5,20}$/),
        sku: fc.constantFrom("Basic", "Standard"),
      }),
    ),
    disks: fc.uniqueArray(
      fc.record({
        name: fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,20}[a-z0-9]$/),
        sizeGb: fc.integer({ min: 1, max: 4096 }),
        sku: fc.constantFrom("StandardSSD_LRS", "Premium_LRS"),
        zone: fc.constantFrom(undefined, "1", "2"),
      }),
      { maxLength: 3, selector: (d) => d.name },
    ),
    poolNames: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), { minLength: 1, maxLength: 5 }),
    tags: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9 -]{0,15}$/), fc.string({ maxLength: 30 }), { maxKeys: 5 }),
    schedule: fc.record({
      cron: fc.constantFrom("0 0 20 * * 1-5", "0 */30 * * * *", "0 0 7 * * MON-FRI", "30 15 2 1 * *"),
      timeZone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York"),
      kind: fc.constantFrom("scale", "stop", "start"),
    }),
  })
  .chain((r) =>
    fc.tuple(fc.constant(r), fc.tuple(...r.poolNames.map((name, i) => pool(name, i === 0)))).map(([r, pools]) => {
      const policy = r.model === "kubenet" && (r.policy === "azure" || r.policy === "cilium") ? "calico" : r.policy;
      const manual = pools.filter((p) => !("autoscale" in p));
      const action =
        r.schedule.kind === "scale"
          ? { kind: "scale", pools: Object.fromEntries(manual.map((p) => [p.name, p.mode === "System" ? 1 : 0])) }
          : { kind: r.schedule.kind };
      const network =
        r.network === "new"
          ? { kind: "new", addressPrefixes: ["10.10.0.0/16"], subnetPrefix: "10.10.0.0/16" }
          : r.network === "existing"
            ? {
                kind: "existing",
                subnetId: `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks`,
                addressPrefixes: ["10.20.0.0/16"],
              }
            : { kind: "managed" };
      return {
        requestId: r.requestId,
        ...(r.withSubscription ? { subscriptionId: SUB } : {}),
        resourceGroup: r.resourceGroup,
        location: r.location,
        tags: r.tags,
        cluster: {
          name: r.clusterName,
          networkPlugin: r.model,
          ...(policy ? { networkPolicy: policy } : {}),
          ...(r.customRanges
            ? {
                serviceCidr: "10.2.0.0/16",
                dnsServiceIP: "10.2.0.10",
                ...(r.model === "azure" ? {} : { podCidr: "192.168.0.0/16" }),
              }
            : {}),
          privateCluster: r.privateCluster,
          ...(r.privateCluster ? {} : { authorizedIpRanges: ["203.0.113.0/24"] }),
          oidcIssuer: r.workloadIdentity,
          workloadIdentity: r.workloadIdentity,
        },
        network,
        registry: r.registry,
        disks: r.disks,
        nodePools: pools,
        schedules: [{ schedule: r.schedule.cron, timeZone: r.schedule.timeZone, action }],
      };
    }),
  );

const allWrites = (p: ReturnType<typeof plan>): ArmWrite[] =>
  p.stages.flatMap((s) => s.branches.flatMap((b) => b.writes));

/** Runs `fn` and returns how long it took in ms. */
function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const hostileKeys = ["__proto__", "constructor", "prototype", "toString", "cluster", "nodePools", "tags", "labels"];

/** JSON objects whose keys include prototype-pollution names, built through JSON.parse so they are own keys. */
const hostileObject = fc
  .array(fc.tuple(fc.constantFrom(...hostileKeys), fc.jsonValue({ maxDepth: 3 })), { maxLength: 6 })
  .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`));

const hugeString = fc.nat(200_000).map((n) => "x".repeat(n + 1000));

const mutationPaths = [
  "requestId",
  "tags",
  "cluster",
  "cluster.name",
  "cluster.podCidr",
  "network",
  "network.subnetPrefix",
  "registry",
  "disks",
  "disks[0]",
  "nodePools",
  "nodePools[0]",
  "nodePools[1].labels",
  "nodePools[2].autoscale",
  "schedules[0].action",
  "schedules[0].action.pools",
  "schedules[0].schedule",
];

/**
 * A well-formed result for a JSON input. `validateClusterRequest` turns any throw into `InvalidRequest`, which
 * JSON cannot reach; seeing it means the validator crashed (a TypeError, a stack overflow) and hid it.
 */
function assertResultShape(result: ReturnType<typeof validateClusterRequest>) {
  if (result.ok) return;
  assert.ok(result.problems.length > 0);
  for (const p of result.problems) {
    assert.equal(typeof p.path, "string");
    assert.match(p.code, /^[A-Za-z_]+$/);
    assert.notEqual(p.code, "InvalidRequest", `the validator threw: ${p.message}`);
    assert.equal(typeof p.message, "string");
  }
}

/** Own property names of Object.prototype: a polluting merge would add whatever key the input carried. */
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

describe("properties", () => {
  it("generated valid requests always validate and always plan", () => {
    fc.assert(
      fc.property(validRequest, (input) => {
        const result = validateClusterRequest(input);
        assert.deepEqual(result.ok ? [] : result.problems, []);
        if (!result.ok) return;
        const p = plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION });
        assert.deepEqual(plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION }), p, "deterministic");
        assert.deepEqual(JSON.parse(JSON.stringify(p)), p, "JSON-serialisable");
        const cluster = allWrites(p).find((w) => w.kind === "managedCluster");
        assert.equal(cluster?.body.agentPoolProfiles?.length, input.nodePools.length);
        assert.ok(p.nodeResourceGroup.length <= 80);
        for (const w of allWrites(p)) {
          assert.deepEqual(findKeys(w.body, "properties"), []);
          if (w.kind !== "roleAssignment" && w.kind !== "maintenanceConfiguration")
            assert.equal(w.body.tags?.[TAG_REQUEST_ID], input.requestId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary JSON never throws, and is judged in a few ms", () => {
    const runs: TimedRun[] = [];
    const before = prototypeKeys();
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 6 }), hostileObject, hugeString), (input) => {
        runs.push(timedRun(() => assertResultShape(validateClusterRequest(input))));
      }),
      { numRuns: 400 },
    );
    assertFast(runs);
    assert.deepEqual(prototypeKeys(), before, "Object.prototype untouched");
  });

  it("valid requests with one part replaced by anything never throw", () => {
    const runs: TimedRun[] = [];
    const before = prototypeKeys();
    fc.assert(
      fc.property(
        fc.constantFrom(...mutationPaths),
        fc.oneof(fc.jsonValue({ maxDepth: 4 }), hostileObject, hugeString, fc.array(hostileObject, { maxLength: 3 })),
        (path, value) => {
          const input = withValues(aClusterRequest(), { [path]: value });
          const viaJson = JSON.parse(JSON.stringify(input));
          runs.push(timedRun(() => assertResultShape(validateClusterRequest(viaJson))));
        },
      ),
      { numRuns: 400 },
    );
    assertFast(runs);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(prototypeKeys(), before, "Object.prototype untouched");
  });

  it("deep nesting anywhere is rejected without a stack overflow", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 20_000; i++) deep = i % 2 ? [deep] : { a: deep };
    for (const path of ["", "tags", "cluster", "nodePools[0].labels", "schedules[0].action.pools", "disks"]) {
      const input = path === "" ? deep : withValues(aClusterRequest(), { [path]: deep });
      const result = validateClusterRequest(input);
      assert.equal(result.ok, false, path);
      assertResultShape(result);
    }
  });
});

/** One validation inside the property (so fast-check reports and shrinks a failing input), and its time. */
interface TimedRun {
  ms: number;
  run: () => void;
}

function timedRun(run: () => void): TimedRun {
  return { ms: timed(run), run };
}

/**
 * Mean under 5 ms and the slowest under 100 ms per document. A document over budget is timed twice more and
 * keeps its best time: a GC pause or a busy machine (other suites run alongside) slows one run, a slow document
 * (say, a backtracking pattern) slows all three.
 */
function assertFast(runs: TimedRun[]) {
  const durations = runs.map(({ ms, run }) => (ms < 100 ? ms : Math.min(ms, timed(run), timed(run))));
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  const max = Math.max(...durations);
  assert.ok(mean < 5, `mean ${mean.toFixed(2)} ms per document`);
  assert.ok(max < 100, `slowest ${max.toFixed(2)} ms`);
}
