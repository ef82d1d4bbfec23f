import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiPath } from "../../../src/request/apiRoutes.js";
import { addressAt, cidrContains, cidrProblem, cidrsOverlap, parseIpv4Cidr } from "../../../src/request/cidr.js";
import {
  apiRoutes,
  defaultDnsPrefix,
  isMissingSubscriptionError,
  nodeResourceGroupName,
  plan,
  resolveRoleAssignment,
  roleAssignmentName,
  validateClusterRequest,
} from "../../../src/request/index.js";
import { TEST_SUBSCRIPTION } from "./builders.js";

const cidr = (text: string) => {
  const range = parseIpv4Cidr(text);
  assert.ok(range, text);
  return range;
};

describe("naming", () => {
  it("node resource group is MC_{rg}_{cluster}_{location} up to 80 characters", () => {
    assert.equal(nodeResourceGroupName("rg1", "c1", "eastus"), "MC_rg1_c1_eastus");
    const exact = nodeResourceGroupName("r".repeat(67), "c1", "eastus");
    assert.equal(exact.length, 80);
    assert.ok(exact.endsWith("_c1_eastus"));
  });

  it("past 80 characters it is cut and suffixed with a stable hash, distinct per cluster", () => {
    const a = nodeResourceGroupName("r".repeat(90), "cluster-a", "westeurope");
    const b = nodeResourceGroupName("r".repeat(90), "cluster-b", "westeurope");
    assert.equal(a.length, 80);
    assert.match(a, /^MC_r+_[0-9a-f]{8}$/);
    assert.notEqual(a, b);
    assert.equal(a, nodeResourceGroupName("r".repeat(90), "cluster-a", "westeurope"));
  });

  it("default DNS prefix follows the Azure CLI rule and is a valid prefix", () => {
    assert.equal(
      defaultDnsPrefix("my_cluster_name", "rg-team-(dev)", "abcdef12-0000"),
      "myclustern-rg-team-dev-abcdef",
    );
    assert.equal(defaultDnsPrefix("1abc", "rg", "123456"), "a1abc-rg-123456");
  });

  it("role assignment names are UUIDv5, stable, case-insensitive, and differ per principal", () => {
    const scope = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr";
    const role =
      "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d";
    const name = roleAssignmentName(scope, role, "p1");
    assert.match(name, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(roleAssignmentName(scope.toUpperCase(), role, "P1"), name);
    assert.notEqual(roleAssignmentName(scope, role, "p2"), name);
  });

  it("plan needs a subscription from the request or the options", () => {
    const result = validateClusterRequest({
      requestId: "r1",
      resourceGroup: "rg",
      location: "eastus",
      cluster: { name: "c" },
      nodePools: [{ name: "sys" }],
    });
    assert.ok(result.ok);
    assert.throws(() => plan(result.request), isMissingSubscriptionError);
    const p = plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION });
    assert.deepEqual(plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION }), p, "deterministic");
  });

  it("resolveRoleAssignment fills the principal and the deterministic name", () => {
    const result = validateClusterRequest({
      requestId: "r1",
      resourceGroup: "rg",
      location: "eastus",
      cluster: { name: "c" },
      registry: { kind: "new", name: "acr12345" },
      nodePools: [{ name: "sys" }],
    });
    assert.ok(result.ok);
    const write = plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION })
      .stages.flatMap((s) => s.branches.flatMap((b) => b.writes))
      .find((w) => w.kind === "roleAssignment");
    assert.ok(write?.kind === "roleAssignment");
    const resolved = resolveRoleAssignment(write, "kubelet-oid");
    assert.equal(resolved.name, roleAssignmentName(write.scope, write.body.roleDefinitionId, "kubelet-oid"));
    assert.equal(
      resolved.resourceId,
      `${write.scope}/providers/Microsoft.Authorization/roleAssignments/${resolved.name}`,
    );
    assert.equal(resolved.body.principalId, "kubelet-oid");
  });

  it("API routes keep their spellings", () => {
    assert.equal(apiPath(apiRoutes.submitCluster), "/api/clusters");
    assert.equal(apiPath(apiRoutes.planCluster), "/api/clusters/plan");
    assert.equal(apiPath(apiRoutes.getClusterStatus), "/api/clusters/{requestId}");
    assert.equal(apiRoutes.deleteCluster.method, "DELETE");
  });
});

describe("CIDR math (ipaddr.js)", () => {
  it("containment, overlap, offsets", () => {
    assert.ok(cidrContains(cidr("10.0.0.0/16"), cidr("10.0.4.0/22")));
    assert.ok(!cidrContains(cidr("10.0.4.0/22"), cidr("10.0.0.0/16")));
    assert.ok(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.0.255.0/24")));
    assert.ok(!cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.1.0.0/16")));
    assert.equal(addressAt(cidr("10.2.0.0/16"), 10), "10.2.0.10");
    assert.equal(addressAt(cidr("10.2.0.0/30"), 10), undefined);
  });

  it("rejects non-canonical and non-IPv4 ranges with a hint", () => {
    assert.match(cidrProblem("10.0.0.1/16") ?? "", /did you mean 10\.0\.0\.0\/16/);
    assert.ok(cidrProblem("fd00::/8"));
    assert.ok(cidrProblem("10.0/16"));
    assert.equal(cidrProblem("0.0.0.0/0"), undefined);
    assert.equal(parseIpv4Cidr("10.0.0.1/16"), undefined, "parse agrees with cidrProblem");
    assert.equal(parseIpv4Cidr("fd00::/8"), undefined);
  });
});
