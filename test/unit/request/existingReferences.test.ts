import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { existingReferencesOf, plan, validateClusterRequest } from "../../../src/request/index.js";
import { aClusterRequest, TEST_SUBSCRIPTION, withValues } from "./builders.js";

const SUB = "00000000-0000-0000-0000-0000000000ad";
const SUBNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks`;
const REGISTRY = `/subscriptions/${SUB}/resourceGroups/rg-shared/providers/Microsoft.ContainerRegistry/registries/sharedacr`;
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/cp`;
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law`;

function referencesOf(values: Record<string, unknown>, base: unknown = aClusterRequest()) {
  const validated = validateClusterRequest(withValues(base, values));
  if (!validated.ok) throw new Error(JSON.stringify(validated.problems));
  return existingReferencesOf(plan(validated.request, { defaultSubscriptionId: TEST_SUBSCRIPTION }));
}

const fields = (refs: ReturnType<typeof referencesOf>) => refs.map((r) => [r.field, r.resourceId]);

describe("existingReferencesOf: what a plan names but does not create", () => {
  it("a request that creates everything references nothing", () => {
    assert.deepEqual(referencesOf({}), []);
    assert.deepEqual(referencesOf({ network: { kind: "managed" }, registry: { kind: "none" } }), []);
  });

  it("an existing subnet, with where its GET goes: its own subscription, group, VNet and name", () => {
    const [ref, ...rest] = referencesOf({ network: { kind: "existing", subnetId: SUBNET } });
    assert.deepEqual(rest, []);
    assert.deepEqual(ref, {
      kind: "subnet",
      field: "network.subnetId",
      resourceId: SUBNET,
      subscriptionId: SUB,
      resourceGroup: "rg-net",
      names: ["hub", "aks"],
    });
  });

  it("a new VNet's subnet is created, so it is no reference", () => {
    assert.ok(!referencesOf({}).some((r) => r.kind === "subnet"));
  });

  it("an existing registry to attach; a new one is no reference", () => {
    assert.deepEqual(fields(referencesOf({ registry: { kind: "existing", id: REGISTRY } })), [
      ["registry.id", REGISTRY],
    ]);
    assert.ok(!referencesOf({}).some((r) => r.kind === "registry"));
  });

  it("the user-assigned control-plane identity", () => {
    const refs = referencesOf({ "cluster.identityType": "UserAssigned", "cluster.userAssignedIdentityId": IDENTITY });
    assert.deepEqual(fields(refs), [["cluster.userAssignedIdentityId", IDENTITY]]);
    assert.deepEqual(refs[0]?.names, ["cp"]);
  });

  it("the Log Analytics workspaces of Container Insights and Defender, each under its own field", () => {
    const refs = referencesOf({
      "cluster.addons": { monitoring: { logAnalyticsWorkspaceId: WORKSPACE } },
      "cluster.defender": { logAnalyticsWorkspaceId: WORKSPACE },
    });
    assert.deepEqual(fields(refs), [
      ["cluster.addons.monitoring.logAnalyticsWorkspaceId", WORKSPACE],
      ["cluster.defender.logAnalyticsWorkspaceId", WORKSPACE],
    ]);
    assert.ok(refs.every((r) => r.kind === "logAnalyticsWorkspace"));
  });

  it("examples/prod-cluster.json: its hub subnet and its workspace (twice)", () => {
    const prod = JSON.parse(readFileSync("examples/prod-cluster.json", "utf8"));
    assert.deepEqual(
      referencesOf({}, prod).map((r) => [r.kind, r.field]),
      [
        ["subnet", "network.subnetId"],
        ["logAnalyticsWorkspace", "cluster.addons.monitoring.logAnalyticsWorkspaceId"],
        ["logAnalyticsWorkspace", "cluster.defender.logAnalyticsWorkspaceId"],
      ],
    );
  });
});
