import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { plan, type RoleAssignmentWrite, validateClusterRequest } from "../../../src/request/index.js";
import { idsOf, loggedWrites } from "./armWrites.js";
import { Provisioner } from "./harness.js";
import { aRequest, example } from "./requests.js";

describe("staged readiness: ARM Succeeded is not enough, the nodes must be Ready", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());

  it("waits for late nodes: readiness is waiting with a per-pool count until every expected node is Ready", async () => {
    // ARM says Succeeded at once; one of the apps pool's nodes turns Ready 2 s after the others.
    await p.arm.control.settings({
      durationsMs: { nodeReady: 300 },
      lateNodes: { count: 1, extraMs: 2000, pool: "apps" },
    });
    try {
      const request = aRequest("late");
      await p.api("POST", "clusters", request);
      const status = await p.finished(request.requestId);
      assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
      const readiness = p
        .eventsOf(request.requestId)
        .filter((e) => e.type === "cluster.provisioning.progress" && e.data.step === "readiness")
        .map((e) => e.data);
      assert.deepEqual(
        readiness.map((d) => d.status),
        ["started", "waiting", "succeeded"],
      );
      assert.match(String(readiness[1]?.message), /apps [01]\/2 Ready/, "the wait says which pool is short");
      assert.match(String(readiness[2]?.message), /system 1\/1 Ready; apps 2\/2 Ready/);
      const cluster = status.steps.find((s) => s.id === "cluster");
      const ready = status.steps.find((s) => s.id === "readiness");
      assert.ok(String(ready?.endedAt) > String(cluster?.endedAt), "readiness ends after ARM said Succeeded");
    } finally {
      await p.arm.control.settings({ durationsMs: {}, lateNodes: null });
    }
  });

  it("provisions examples/prod-cluster.json: an existing subnet in another subscription, a Premium registry with a replica, zones, autoscale and spot pools", async () => {
    const body = example("prod-cluster.json") as ReturnType<typeof example> & {
      subscriptionId: string;
      network: { subnetId: string };
    };
    // The existing network belongs to someone else (the network team): created here, untagged.
    const [, , sub, , rg, , , , vnet, , subnet] = body.network.subnetId.split("/");
    const c = p.sdkClients(sub);
    await c.resources.resourceGroups.createOrUpdate(String(rg), { location: "westeurope" });
    await c.network.virtualNetworks.createOrUpdate(String(rg), String(vnet), {
      location: "westeurope",
      addressSpace: { addressPrefixes: ["10.20.0.0/16"] },
      subnets: [{ name: String(subnet), addressPrefix: "10.20.0.0/20" }],
    });
    const res = await p.api("POST", "clusters", body);
    assert.equal(res.status, 202, await res.clone().text());
    const status = await p.finished(body.requestId);
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    assert.deepEqual(
      status.steps.map((s) => s.id),
      [
        "resourceGroup",
        "registry",
        "cluster",
        "maintenance",
        "clusterAccess",
        "readiness",
        "networkAccess",
        "registryAccess",
      ],
      "no network step: the subnet exists; Network Contributor is still granted on it; the maintenance windows and the provisioner's access come before readiness",
    );
    const outputs = status.outputs as {
      pools: { name: string; readyNodes: number; minCount?: number }[];
      registryLoginServer: string;
    };
    assert.equal(outputs.registryLoginServer, "paymentsprodacr.azurecr.io");
    assert.deepEqual(
      outputs.pools.map((pool) => [pool.name, pool.readyNodes, pool.minCount]),
      [
        ["system", 3, undefined],
        ["apps", 3, 3],
        ["batch", 0, 0],
      ],
    );
    const replica = await p
      .sdkClients(body.subscriptionId)
      .containerRegistry.replications.get("rg-payments-prod", "paymentsprodacr", "northeurope");
    assert.equal(replica.provisioningState, "Succeeded");
    const networkAccess = status.steps.find((s) => s.id === "networkAccess");
    assert.ok(
      networkAccess?.resourceId?.startsWith(body.network.subnetId),
      "the role is granted on the existing subnet",
    );

    // Every planned write went out, the maintenance configurations and the provisioner's grant included.
    const validated = validateClusterRequest(body);
    assert.ok(validated.ok);
    const planned = plan(validated.request, { defaultSubscriptionId: p.arm.subscriptionId });
    const stepIds = new Map(status.steps.map((s) => [s.id, s.resourceId]));
    const expected = planned.stages.flatMap((stage) =>
      stage.branches.flatMap((b) =>
        b.writes.map((w) =>
          w.kind === "roleAssignment" ? stepIds.get(b.name) : (w as Exclude<typeof w, RoleAssignmentWrite>).resourceId,
        ),
      ),
    );
    // This run's writes: its resource group's, and the grant on the existing subnet (not the test's own setup PUTs).
    const subnetId = body.network.subnetId.toLowerCase();
    const puts = idsOf(await loggedWrites(p.arm)).filter(
      (id) => id.includes("/resourcegroups/rg-payments-prod") || id.startsWith(`${subnetId}/`),
    );
    assert.deepEqual(puts.sort(), expected.map((id) => String(id).toLowerCase()).sort());

    // The windows read back through the SDK as the request gave them.
    const aks = p.sdkClients(body.subscriptionId).containerService;
    const auto = await aks.maintenanceConfigurations.get(
      "rg-payments-prod",
      "payments-prod",
      "aksManagedAutoUpgradeSchedule",
    );
    assert.deepEqual(auto.maintenanceWindow?.schedule?.relativeMonthly, {
      intervalMonths: 1,
      weekIndex: "First",
      dayOfWeek: "Sunday",
    });
    assert.equal(auto.maintenanceWindow?.durationHours, 6);
    assert.deepEqual(
      auto.maintenanceWindow?.notAllowedDates?.map((d) => [d.start.toISOString(), d.end.toISOString()]),
      [["2026-12-20T00:00:00.000Z", "2027-01-03T00:00:00.000Z"]],
    );
    const nodeOS = await aks.maintenanceConfigurations.get(
      "rg-payments-prod",
      "payments-prod",
      "aksManagedNodeOSUpgradeSchedule",
    );
    assert.equal(nodeOS.maintenanceWindow?.startDate?.toISOString().slice(0, 10), "2026-01-10");

    // The provisioner's own grant on the cluster: AKS RBAC Admin, for a principal that is not the cluster's.
    const access = status.steps.find((s) => s.id === "clusterAccess");
    const clusterId = planned.clusterId;
    assert.ok(
      access?.resourceId?.toLowerCase().startsWith(`${clusterId.toLowerCase()}/providers/microsoft.authorization/`),
    );
    const grant = await p
      .sdkClients(body.subscriptionId)
      .authorization.roleAssignments.get(clusterId, String(access?.resourceId?.split("/").pop()));
    assert.match(String(grant.roleDefinitionId), /\/3498e952-d568-435e-9b2c-8d77e338d7f7$/);
    const cluster = await aks.managedClusters.get("rg-payments-prod", "payments-prod");
    assert.match(String(grant.principalId), /^[0-9a-f-]{36}$/i);
    assert.notEqual(grant.principalId, cluster.identity?.principalId);
    assert.equal(cluster.disableLocalAccounts, true);
    assert.equal(cluster.aadProfile?.enableAzureRbac, true);

    // Readiness passed, and only the app's Entra token could have passed it: the user kubeconfig is kubelogin's exec
    // plugin with no static token, and the admin one is refused.
    assert.equal(status.steps.find((s) => s.id === "readiness")?.state, "succeeded");
    const user = await aks.managedClusters.listClusterUserCredentials("rg-payments-prod", "payments-prod");
    const kubeconfig = Buffer.from(user.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8");
    assert.match(kubeconfig, /command: kubelogin/);
    assert.doesNotMatch(kubeconfig, /^\s*token:/m);
    await assert.rejects(
      aks.managedClusters.listClusterAdminCredentials("rg-payments-prod", "payments-prod"),
      (e: { code?: string }) => e.code === "BadRequest",
    );
  });
});
