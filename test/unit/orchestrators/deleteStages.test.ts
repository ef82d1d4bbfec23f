import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DELETE_STAGES, deleteStages, referencedNotOwned } from "../../../src/orchestrators/deleteStages.js";
import {
  type CreatedResource,
  plan,
  type ResourceTarget,
  resourceGroupId,
  validateClusterRequest,
} from "../../../src/request/index.js";
import { aClusterRequest, TEST_SUBSCRIPTION, withValues } from "../request/builders.js";

function planOf(input: unknown) {
  const result = validateClusterRequest(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return plan(result.request, { defaultSubscriptionId: TEST_SUBSCRIPTION });
}

const kinds = (stage: ResourceTarget[][] | undefined) => (stage ?? []).map((b) => b.map((t) => t.kind));

describe("the delete stages a rollback and a deprovision share", () => {
  const planned = planOf(aClusterRequest());
  const group: CreatedResource = {
    kind: "resourceGroup",
    resourceId: resourceGroupId(TEST_SUBSCRIPTION, "rg-test"),
    subscriptionId: TEST_SUBSCRIPTION,
    resourceGroup: "rg-test",
    name: "rg-test",
  };
  const grant = (name: string): CreatedResource => ({
    kind: "roleAssignment",
    resourceId: `${group.resourceId}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    subscriptionId: TEST_SUBSCRIPTION,
    resourceGroup: "rg-test",
    name,
    scope: group.resourceId,
  });

  it("deletes, in reverse order: the grants made, the cluster, the dependencies in parallel, the group it created", () => {
    const stages = deleteStages(planned, [group, grant("a"), grant("b")]);
    assert.equal(stages.length, DELETE_STAGES.length);
    const [grants, cluster, deps, rg] = stages;
    assert.deepEqual(
      grants?.map((b) => b.map((t) => t.name)),
      [["b"], ["a"]],
      "newest grant first, each on its own",
    );
    assert.deepEqual(kinds(cluster), [["managedCluster"]]);
    assert.deepEqual(kinds(deps), [["virtualNetwork"], ["registry"], ["disk"]]);
    assert.deepEqual(rg, [[group]]);
  });

  it("lists no group it did not create, and what it used but did not create is kept", () => {
    const byo = planOf(
      withValues(aClusterRequest(), {
        network: {
          kind: "existing",
          subnetId: `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks`,
        },
        registry: {
          kind: "existing",
          id: `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-shared/providers/Microsoft.ContainerRegistry/registries/shared`,
        },
      }),
    );
    const stages = deleteStages(byo, []);
    assert.deepEqual(stages[3], [], "no group stage");
    assert.deepEqual(kinds(stages[2]), [["disk"]], "no VNet, no registry: only the disk it made");
    assert.deepEqual(referencedNotOwned(byo, [], true), [
      group.resourceId,
      byo.references.subnetId,
      byo.references.registryId,
    ]);
    assert.deepEqual(referencedNotOwned(planned, [group], false), [], "its own subnet goes with its VNet");
  });
});
