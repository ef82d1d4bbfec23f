import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateClusterRequest } from "../../../src/request/index.js";
import { aClusterRequest, withValues } from "./builders.js";

/** One rule per case: the values to set on the valid base, and the single problem expected. */
const cases: { rule: string; set: Record<string, unknown>; path: string; code: string }[] = [
  { rule: "cluster name pattern", set: { "cluster.name": "-bad" }, path: "cluster.name", code: "InvalidClusterName" },
  {
    rule: "cluster name length",
    set: { "cluster.name": "a".repeat(64) },
    path: "cluster.name",
    code: "InvalidClusterName",
  },
  {
    rule: "dnsPrefix characters",
    set: { "cluster.dnsPrefix": "bad_prefix" },
    path: "cluster.dnsPrefix",
    code: "InvalidParameter",
  },
  {
    rule: "dnsPrefix length",
    set: { "cluster.dnsPrefix": "a".repeat(55) },
    path: "cluster.dnsPrefix",
    code: "InvalidParameter",
  },
  { rule: "ACR name too short", set: { "registry.name": "acr1" }, path: "registry.name", code: "InvalidRegistryName" },
  {
    rule: "ACR name alphanumeric",
    set: { "registry.name": "my-acr-1" },
    path: "registry.name",
    code: "InvalidRegistryName",
  },
  {
    rule: "ACR name too long",
    set: { "registry.name": "a".repeat(51) },
    path: "registry.name",
    code: "InvalidRegistryName",
  },
  {
    rule: "pool name case",
    set: { "nodePools[2].name": "Batch" },
    path: "nodePools[2].name",
    code: "InvalidAgentPoolName",
  },
  {
    rule: "pool name length",
    set: { "nodePools[2].name": "a".repeat(13) },
    path: "nodePools[2].name",
    code: "InvalidAgentPoolName",
  },
  {
    rule: "Windows pool name ≤ 6",
    set: { "nodePools[2].name": "windows", "nodePools[2].osType": "Windows" },
    path: "nodePools[2].name",
    code: "InvalidAgentPoolName",
  },
  {
    rule: "unique pool names",
    set: { "nodePools[2].name": "apps" },
    path: "nodePools[2].name",
    code: "DuplicateAgentPoolName",
  },
  {
    rule: "a System pool",
    set: { "nodePools[0].mode": "User" },
    path: "nodePools",
    code: "MustDefineAtLeastOneSystemPool",
  },
  {
    rule: "System pool count ≥ 1",
    set: { "nodePools[0].count": 0 },
    path: "nodePools[0].count",
    code: "InvalidParameter",
  },
  { rule: "count ≤ 1000", set: { "nodePools[2].count": 1001 }, path: "nodePools[2].count", code: "OutOfRange" },
  {
    rule: "autoscale min ≤ max",
    set: { "nodePools[2].autoscale": { min: 5, max: 2 } },
    path: "nodePools[2].autoscale.min",
    code: "InvalidParameter",
  },
  {
    rule: "autoscale min ≤ count ≤ max",
    set: { "nodePools[2].count": 5, "nodePools[2].autoscale": { min: 1, max: 3 } },
    path: "nodePools[2].count",
    code: "InvalidParameter",
  },
  {
    rule: "System pool autoscale min ≥ 1",
    set: { "nodePools[0].autoscale": { min: 0, max: 3 } },
    path: "nodePools[0].autoscale.min",
    code: "InvalidParameter",
  },
  { rule: "maxPods ≥ 10", set: { "nodePools[2].maxPods": 5 }, path: "nodePools[2].maxPods", code: "InvalidParameter" },
  {
    rule: "maxPods ≤ 250",
    set: { "nodePools[2].maxPods": 300 },
    path: "nodePools[2].maxPods",
    code: "InvalidParameter",
  },
  {
    rule: "System maxPods ≥ 30",
    set: { "nodePools[0].maxPods": 20 },
    path: "nodePools[0].maxPods",
    code: "InvalidParameter",
  },
  {
    rule: "subnet inside the VNet",
    set: { "network.subnetPrefix": "10.99.0.0/24" },
    path: "network.subnetPrefix",
    code: "NetcfgSubnetRangeOutsideVnet",
  },
  {
    rule: "subnet big enough",
    set: { "network.subnetPrefix": "10.10.0.0/29" },
    path: "network.subnetPrefix",
    code: "InsufficientSubnetSize",
  },
  {
    rule: "canonical CIDR",
    set: { "network.subnetPrefix": "10.10.0.1/24" },
    path: "network.subnetPrefix",
    code: "InvalidCidr",
  },
  { rule: "IPv4 CIDR", set: { "cluster.podCidr": "300.1.1.0/24" }, path: "cluster.podCidr", code: "InvalidCidr" },
  {
    rule: "pod CIDR vs VNet",
    set: { "cluster.podCidr": "10.10.128.0/17" },
    path: "cluster.podCidr",
    code: "InvalidParameter",
  },
  {
    rule: "service CIDR vs VNet",
    set: { "cluster.serviceCidr": "10.10.0.0/24", "cluster.dnsServiceIP": "10.10.0.10" },
    path: "cluster.serviceCidr",
    code: "InvalidParameter",
  },
  {
    rule: "service CIDR vs pod CIDR",
    set: { "cluster.podCidr": "10.2.128.0/17" },
    path: "cluster.serviceCidr",
    code: "InvalidParameter",
  },
  {
    rule: "service CIDR vs AKS-managed VNet",
    set: {
      network: { kind: "managed" },
      "cluster.serviceCidr": "10.224.0.0/16",
      "cluster.dnsServiceIP": "10.224.0.10",
    },
    path: "cluster.serviceCidr",
    code: "InvalidParameter",
  },
  {
    rule: "DNS IP inside service CIDR",
    set: { "cluster.dnsServiceIP": "10.3.0.10" },
    path: "cluster.dnsServiceIP",
    code: "InvalidParameter",
  },
  {
    rule: "DNS IP is an IPv4 address",
    set: { "cluster.dnsServiceIP": "10.2.0.300" },
    path: "cluster.dnsServiceIP",
    code: "InvalidParameter",
  },
  {
    rule: "DNS IP not the first address",
    set: { "cluster.dnsServiceIP": "10.2.0.0" },
    path: "cluster.dnsServiceIP",
    code: "InvalidParameter",
  },
  {
    rule: "podCidr only for overlay/kubenet",
    set: { "cluster.networkPlugin": "azure" },
    path: "cluster.podCidr",
    code: "InvalidParameter",
  },
  { rule: "zones are 1–3", set: { "nodePools[0].zones": ["4"] }, path: "nodePools[0].zones[0]", code: "InvalidValue" },
  {
    rule: "zones listed once",
    set: { "nodePools[0].zones": ["1", "1"] },
    path: "nodePools[0].zones[1]",
    code: "InvalidParameter",
  },
  {
    rule: "spot only on User pools",
    set: { "nodePools[0].spot": true },
    path: "nodePools[0].spot",
    code: "InvalidParameter",
  },
  {
    rule: "spotMaxPrice needs spot",
    set: { "nodePools[2].spotMaxPrice": 0.5 },
    path: "nodePools[2].spotMaxPrice",
    code: "InvalidParameter",
  },
  {
    rule: "System pools are Linux",
    set: { "nodePools[0].osType": "Windows" },
    path: "nodePools[0].osType",
    code: "InvalidParameter",
  },
  {
    rule: "Windows needs Azure CNI",
    set: { "cluster.networkPlugin": "kubenet", "cluster.networkPolicy": "calico", "nodePools[2].osType": "Windows" },
    path: "nodePools[2].osType",
    code: "InvalidParameter",
  },
  {
    rule: "azure network policy needs Azure CNI",
    set: { "cluster.networkPlugin": "kubenet" },
    path: "cluster.networkPolicy",
    code: "InvalidParameter",
  },
  {
    rule: "UDR needs an existing subnet",
    set: { "cluster.outboundType": "userDefinedRouting" },
    path: "cluster.outboundType",
    code: "InvalidParameter",
  },
  {
    rule: "no authorized ranges on a private cluster",
    set: { "cluster.privateCluster": true, "cluster.authorizedIpRanges": ["203.0.113.0/24"] },
    path: "cluster.authorizedIpRanges",
    code: "InvalidParameter",
  },
  {
    rule: "workload identity needs OIDC",
    set: { "cluster.workloadIdentity": true },
    path: "cluster.workloadIdentity",
    code: "InvalidParameter",
  },
  {
    rule: "UserAssigned needs an identity id",
    set: { "cluster.identityType": "UserAssigned" },
    path: "cluster.userAssignedIdentityId",
    code: "Required",
  },
  {
    rule: "basic load balancer: one pool",
    set: { "cluster.loadBalancerSku": "basic" },
    path: "cluster.loadBalancerSku",
    code: "InvalidParameter",
  },
  {
    rule: "schedule is 6-field NCRONTAB",
    set: { "schedules[0].schedule": "0 20 * * 1-5" },
    path: "schedules[0].schedule",
    code: "InvalidSchedule",
  },
  {
    rule: "schedule fields in range",
    set: { "schedules[0].schedule": "0 0 25 * * *" },
    path: "schedules[0].schedule",
    code: "InvalidSchedule",
  },
  {
    rule: "schedule has no cron-parser extensions",
    set: { "schedules[0].schedule": "0 0 20 L * *" },
    path: "schedules[0].schedule",
    code: "InvalidSchedule",
  },
  {
    rule: "time zone is IANA",
    set: { "schedules[0].timeZone": "Mars/Olympus" },
    path: "schedules[0].timeZone",
    code: "InvalidTimeZone",
  },
  {
    rule: "schedule names existing pools",
    set: { "schedules[0].action.pools": { gpu: 1 } },
    path: "schedules[0].action.pools.gpu",
    code: "UnknownAgentPool",
  },
  {
    rule: "schedule does not scale an autoscaled pool",
    set: { "nodePools[1].autoscale": { min: 1, max: 3 } },
    path: "schedules[0].action.pools.apps",
    code: "InvalidParameter",
  },
  {
    rule: "geo-replicas need Premium",
    set: { "registry.geoReplicas": ["northeurope"] },
    path: "registry.geoReplicas",
    code: "GeoReplicationRequiresPremium",
  },
  {
    rule: "replica not in the home region",
    set: { "registry.sku": "Premium", "registry.geoReplicas": ["westeurope"] },
    path: "registry.geoReplicas[0]",
    code: "DuplicateReplicaLocation",
  },
  {
    rule: "unique disk names",
    set: { "disks[1]": { name: "DATA1", sizeGb: 8 } },
    path: "disks[1].name",
    code: "DuplicateDiskName",
  },
  {
    rule: "ZRS disks are not zonal",
    set: { "disks[0].sku": "Premium_ZRS", "disks[0].zone": "1" },
    path: "disks[0].zone",
    code: "InvalidParameter",
  },
  {
    rule: "reserved tag prefix",
    set: { tags: { "aks-provisioner.request-id": "x" } },
    path: 'tags["aks-provisioner.request-id"]',
    code: "ReservedTagKey",
  },
  {
    rule: "at most 48 tags",
    set: { tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "v"])) },
    path: "tags",
    code: "TooManyTags",
  },
  { rule: "location spelling", set: { location: "West Europe" }, path: "location", code: "InvalidLocation" },
  {
    rule: "existing subnet id shape",
    set: { network: { kind: "existing", subnetId: "/subscriptions/x/subnets/y" } },
    path: "network.subnetId",
    code: "InvalidResourceId",
  },
  { rule: "unknown field", set: { "cluster.nodeCount": 3 }, path: "cluster.nodeCount", code: "UnknownField" },
  { rule: "required field", set: { requestId: undefined }, path: "requestId", code: "Required" },
  { rule: "field type", set: { "nodePools[0].count": "3" }, path: "nodePools[0].count", code: "InvalidType" },
  { rule: "union kind", set: { "registry.kind": "maybe" }, path: "registry.kind", code: "InvalidValue" },
  { rule: "enum value", set: { "cluster.skuTier": "Gold" }, path: "cluster.skuTier", code: "InvalidValue" },
  { rule: "huge string", set: { "cluster.name": "x".repeat(100_000) }, path: "cluster.name", code: "InvalidLength" },
];

describe("invalid requests: one rule each, exact path and code", () => {
  it("the base request is valid", () => {
    const result = validateClusterRequest(aClusterRequest());
    assert.deepEqual(result.ok ? [] : result.problems, []);
  });
  for (const c of cases) {
    it(c.rule, () => {
      const result = validateClusterRequest(withValues(aClusterRequest(), c.set));
      assert.equal(result.ok, false);
      const found = result.ok ? [] : result.problems.map(({ path, code }) => ({ path, code }));
      assert.deepEqual(found, [{ path: c.path, code: c.code }]);
      if (!result.ok) assert.ok(result.problems[0]?.message, "every problem has a message");
    });
  }

  it("a field named by 100,000 characters is named back cut to 64, in the path and the message", () => {
    const key = "é".repeat(100_000);
    const result = validateClusterRequest({ ...aClusterRequest(), [key]: 1 });
    assert.ok(!result.ok);
    const [problem, ...rest] = result.problems;
    assert.deepEqual(rest, []);
    assert.equal(problem?.code, "UnknownField");
    assert.equal(problem?.path, `["${"é".repeat(61)}..."]`);
    assert.ok((problem?.message.length ?? Infinity) < 100, problem?.message.slice(0, 100));
  });

  it("__proto__ in a map is reported, not silently dropped", () => {
    const input = JSON.parse(
      JSON.stringify(aClusterRequest()).replace('"env":"test"', '"__proto__":{"polluted":"yes"}'),
    );
    const result = validateClusterRequest(input);
    assert.deepEqual(result.ok ? [] : result.problems.map(({ path, code }) => ({ path, code })), [
      { path: "tags.__proto__", code: "ForbiddenKey" },
    ]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it("reports every rule broken, not the first: five semantic problems", () => {
    const result = validateClusterRequest(
      withValues(aClusterRequest(), {
        "network.subnetPrefix": "10.99.0.0/24",
        "cluster.dnsServiceIP": "10.3.0.10",
        "cluster.workloadIdentity": true,
        "disks[1]": { name: "data1", sizeGb: 8 },
        "schedules[0].action.pools": { gpu: 1 },
      }),
    );
    assert.deepEqual(result.ok ? [] : result.problems.map((p) => p.path).sort(), [
      "cluster.dnsServiceIP",
      "cluster.workloadIdentity",
      "disks[1].name",
      "network.subnetPrefix",
      "schedules[0].action.pools.gpu",
    ]);
  });

  it("reports every shape problem too: five at once", () => {
    const result = validateClusterRequest(
      withValues(aClusterRequest(), {
        "cluster.name": "-bad",
        "registry.name": "x",
        "nodePools[1].name": "Apps",
        "schedules[0].timeZone": "Nowhere/Land",
        location: 7,
      }),
    );
    assert.equal(result.ok ? 0 : result.problems.length, 5);
  });

  it("caps the list at 100 problems plus a summary", () => {
    const junk = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, i]));
    const result = validateClusterRequest({ ...aClusterRequest(), ...junk });
    assert.equal(result.ok ? 0 : result.problems.length, 101);
    assert.deepEqual(result.ok ? undefined : result.problems.at(-1)?.code, "TooManyProblems");
  });

  it("a non-object document is one problem at the root", () => {
    for (const input of [null, 42, "x", [], true]) {
      const result = validateClusterRequest(input);
      assert.equal(result.ok, false);
      assert.equal(result.ok ? "" : result.problems[0]?.path, "");
    }
  });
});
