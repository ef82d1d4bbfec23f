import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { planResponseSchema } from "../../../src/request/apiSchemas.js";
import {
  type ArmWrite,
  type ClusterRequest,
  initialSteps,
  type ProvisioningPlan,
  plan,
  TAG_MANAGED_BY,
  TAG_REQUEST_ID,
  validateClusterRequest,
} from "../../../src/request/index.js";
import { findKeys, TEST_SUBSCRIPTION } from "./builders.js";
import { captureWire } from "./wireCapture.js";

function example(name: string): ClusterRequest {
  const result = validateClusterRequest(
    JSON.parse(readFileSync(new URL(`../../../examples/${name}.json`, import.meta.url), "utf8")),
  );
  assert.deepEqual(result.ok ? [] : result.problems, [], `examples/${name}.json validates`);
  if (!result.ok) throw new Error("unreachable");
  return result.request;
}

const writes = (p: ProvisioningPlan) => p.stages.flatMap((s) => s.branches.flatMap((b) => b.writes));
const only = <K extends ArmWrite["kind"]>(p: ProvisioningPlan, kind: K) =>
  writes(p).filter((w): w is Extract<ArmWrite, { kind: K }> => w.kind === kind);
const cluster = (p: ProvisioningPlan) => {
  const [w] = only(p, "managedCluster");
  assert.ok(w);
  return w;
};

function assertCommonShape(p: ProvisioningPlan, requestId: string) {
  assert.deepEqual(
    p.stages.map((s) => s.name),
    ["resourceGroup", "dependencies", "cluster", "clusterSettings", "roleAssignments"],
  );
  for (const w of writes(p)) {
    assert.deepEqual(findKeys(w.body, "properties"), [], `${w.kind} body is flattened (no 'properties')`);
    // Role assignments and maintenance configurations are ARM proxy resources: they take no tags.
    if (w.kind !== "roleAssignment" && w.kind !== "maintenanceConfiguration") {
      assert.equal(w.body.tags?.[TAG_REQUEST_ID], requestId, `${w.kind} carries the request id tag`);
      assert.equal(w.body.tags?.[TAG_MANAGED_BY], "aks-provisioner");
    }
  }
  assert.deepEqual(JSON.parse(JSON.stringify(p)), p, "the plan is JSON-serialisable as is");
  // planTypes.ts and the OpenAPI ProvisioningPlan (apiSchemas.ts) are declared apart; the dry run answers with this.
  const documented = planResponseSchema.safeParse(p);
  assert.deepEqual(
    documented.success ? [] : documented.error.issues,
    [],
    "the plan matches the documented dry-run schema",
  );
}

describe("examples/minimal.json", () => {
  const request = example("minimal");
  const p = plan(request, { defaultSubscriptionId: TEST_SUBSCRIPTION });

  it("gets defaults: one System pool, CNI overlay, AKS-managed VNet, no registry or disks", () => {
    assertCommonShape(p, "CHG-1001");
    assert.equal(p.subscriptionId, TEST_SUBSCRIPTION);
    assert.deepEqual(
      writes(p).map((w) => w.kind),
      ["resourceGroup", "managedCluster"],
    );
    assert.equal(p.nodeResourceGroup, "MC_rg-demo_demo_westeurope");
    assert.equal(p.dnsPrefix, "demo-rg-demo-111111");
  });

  it("puts a cluster body ARM accepts (flattened and shaped as on the wire, docs/specs/arm.md §0.2, §4.2)", async () => {
    const w = cluster(p);
    assert.equal(
      w.resourceId,
      `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/demo`,
    );
    assert.equal(w.body.nodeResourceGroup, "MC_rg-demo_demo_westeurope");
    assert.deepEqual(w.body.agentPoolProfiles, [
      {
        name: "system",
        mode: "System",
        type: "VirtualMachineScaleSets",
        vmSize: "Standard_D2s_v5",
        osType: "Linux",
        count: 1,
        enableAutoScaling: false,
        maxPods: 250,
        tags: p.tags,
      },
    ]);
    assert.deepEqual(w.body.networkProfile, {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIP: "10.0.0.10",
      outboundType: "loadBalancer",
      loadBalancerSku: "standard",
    });
    const wire = await captureWire(w);
    assert.equal(wire.apiVersion, "2026-06-01");
    assert.equal(wire.path, w.resourceId);
    const props = wire.body.properties as Record<string, unknown>;
    assert.equal(props.enableRBAC, true, "enableRbac goes out as enableRBAC");
    assert.equal(props.dnsPrefix, "demo-rg-demo-111111");
    assert.equal(props.nodeResourceGroup, "MC_rg-demo_demo_westeurope");
    assert.deepEqual(wire.body.sku, { name: "Base", tier: "Free" });
    assert.deepEqual(wire.body.identity, { type: "SystemAssigned" });
  });
});

describe("examples/dev-cluster.json", () => {
  const p = plan(example("dev-cluster"), { defaultSubscriptionId: TEST_SUBSCRIPTION });
  const rg = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-team-dev`;
  const subnet = `${rg}/providers/Microsoft.Network/virtualNetworks/team-dev-vnet/subnets/nodes`;

  it("creates VNet ‖ Basic ACR ‖ disk in parallel, then the cluster, then three role assignments", () => {
    assertCommonShape(p, "CHG-2001");
    const [, deps, , settings, roles] = p.stages;
    assert.deepEqual(settings?.branches, [], "no maintenance windows, no Azure RBAC: nothing on the cluster after it");
    assert.deepEqual(
      deps?.branches.map((b) => [b.name, b.writes.map((w) => w.kind)]),
      [
        ["network", ["virtualNetwork"]],
        ["registry", ["registry"]],
        ["disk:team-dev-data", ["disk"]],
      ],
    );
    assert.deepEqual(
      roles?.branches
        .flatMap((b) => b.writes)
        .map((w) => (w.kind === "roleAssignment" ? [w.role, w.scope, w.principalFrom] : [])),
      [
        ["NetworkContributor", subnet, "clusterIdentity"],
        ["AcrPull", `${rg}/providers/Microsoft.ContainerRegistry/registries/teamdevacr2001`, "kubeletIdentity"],
        ["Contributor", `${rg}/providers/Microsoft.Compute/disks/team-dev-data`, "clusterIdentity"],
      ],
    );
  });

  it("puts the VNet with its subnet inline, nested under properties on the wire", async () => {
    const [vnet] = only(p, "virtualNetwork");
    assert.ok(vnet);
    const wire = await captureWire(vnet);
    assert.equal(wire.path, `${rg}/providers/Microsoft.Network/virtualNetworks/team-dev-vnet`);
    assert.equal(wire.apiVersion, "2026-01-01");
    assert.deepEqual(wire.body.properties, {
      addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
      subnets: [{ name: "nodes", properties: { addressPrefix: "10.10.0.0/22" } }],
    });
  });

  it("puts the registry and the disk with their SKUs", async () => {
    const [acr] = only(p, "registry");
    const [disk] = only(p, "disk");
    assert.ok(acr && disk);
    const acrWire = await captureWire(acr);
    assert.deepEqual(acrWire.body.sku, { name: "Basic" });
    assert.equal(acrWire.apiVersion, "2025-11-01");
    const diskWire = await captureWire(disk);
    assert.deepEqual(diskWire.body.properties, { creationData: { createOption: "Empty" }, diskSizeGB: 64 });
    assert.deepEqual(diskWire.body.sku, { name: "StandardSSD_LRS" });
  });

  it("joins both pools to the new subnet and keeps the user pool's labels", async () => {
    const w = cluster(p);
    assert.deepEqual(
      w.body.agentPoolProfiles?.map((a) => [a.name, a.mode, a.count, a.vnetSubnetID]),
      [
        ["system", "System", 1, subnet],
        ["apps", "User", 2, subnet],
      ],
    );
    const wire = await captureWire(w);
    const props = wire.body.properties as { agentPoolProfiles: Record<string, unknown>[]; networkProfile: unknown };
    assert.equal(props.agentPoolProfiles[1]?.vnetSubnetID, subnet);
    assert.deepEqual(props.agentPoolProfiles[1]?.nodeLabels, { workload: "apps" });
    assert.deepEqual(props.networkProfile, {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkPolicy: "azure",
      podCidr: "192.168.0.0/16",
      serviceCidr: "10.2.0.0/16",
      dnsServiceIP: "10.2.0.10",
      outboundType: "loadBalancer",
      loadBalancerSku: "standard",
    });
  });

  it("sends role assignments with a UUIDv5 name and the principal under properties", async () => {
    const [first] = only(p, "roleAssignment");
    assert.ok(first);
    const wire = await captureWire(first, "principal-1");
    assert.match(
      wire.path,
      /\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{8}-[0-9a-f-]{4}-5[0-9a-f]{3}-/,
    );
    assert.equal(wire.apiVersion, "2022-04-01");
    assert.deepEqual(wire.body.properties, {
      roleDefinitionId: `/subscriptions/${TEST_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`,
      principalId: "principal-1",
      principalType: "ServicePrincipal",
      description: first.body.description,
    });
  });
});

describe("examples/prod-cluster.json", () => {
  const p = plan(example("prod-cluster"), { defaultSubscriptionId: TEST_SUBSCRIPTION });
  const sub = "00000000-0000-0000-0000-000000000001";
  const subnet = `/subscriptions/${sub}/resourceGroups/rg-network-prod/providers/Microsoft.Network/virtualNetworks/hub-spoke-prod/subnets/aks-payments`;

  it("uses the request's subscription, writes nothing to the existing subnet, replicates the Premium ACR after creating it", () => {
    assertCommonShape(p, "CHG-3001");
    assert.equal(p.subscriptionId, sub);
    assert.equal(only(p, "virtualNetwork").length, 0);
    assert.equal(p.references.subnetId, subnet);
    const [, deps] = p.stages;
    assert.deepEqual(
      deps?.branches.map((b) => [b.name, b.writes.map((w) => w.kind)]),
      [["registry", ["registry", "replication"]]],
    );
    const [replica] = only(p, "replication");
    assert.equal(replica?.name, "northeurope");
    assert.equal(replica?.registryName, "paymentsprodacr");
    assert.equal(replica?.body.location, "northeurope");
    assert.equal(only(p, "registry")[0]?.body.sku?.name, "Premium");
  });

  it("sends the geo-replica as a replications PUT under the registry", async () => {
    const [replica] = only(p, "replication");
    assert.ok(replica);
    const wire = await captureWire(replica);
    assert.equal(
      wire.path,
      `/subscriptions/${sub}/resourceGroups/rg-payments-prod/providers/Microsoft.ContainerRegistry/registries/paymentsprodacr/replications/northeurope`,
    );
    assert.equal(wire.body.location, "northeurope");
  });

  it("asks for a private, zonal, autoscaling cluster with a spot pool and workload identity", async () => {
    const w = cluster(p);
    const pools = w.body.agentPoolProfiles ?? [];
    assert.ok(pools.every((pool) => pool.vnetSubnetID === subnet && pool.availabilityZones?.join() === "1,2,3"));
    const [system, apps, batch] = pools;
    assert.deepEqual([system?.mode, system?.count, system?.enableAutoScaling], ["System", 3, false]);
    assert.deepEqual([apps?.enableAutoScaling, apps?.minCount, apps?.maxCount, apps?.maxPods], [true, 3, 10, 110]);
    assert.deepEqual(
      [batch?.scaleSetPriority, batch?.scaleSetEvictionPolicy, batch?.spotMaxPrice, batch?.mode],
      ["Spot", "Delete", -1, "User"],
    );
    assert.deepEqual(w.body.apiServerAccessProfile, { enablePrivateCluster: true });
    assert.deepEqual(w.body.oidcIssuerProfile, { enabled: true });
    assert.deepEqual(w.body.securityProfile?.workloadIdentity, { enabled: true });
    const wire = await captureWire(w);
    const props = wire.body.properties as Record<string, Record<string, unknown>>;
    assert.equal(props.apiServerAccessProfile?.enablePrivateCluster, true);
    assert.deepEqual(props.securityProfile?.workloadIdentity, { enabled: true });
    assert.equal(props.networkProfile?.networkDataplane, "cilium");
    assert.deepEqual(wire.body.sku, { name: "Base", tier: "Standard" });
  });

  it("grants Network Contributor on the existing subnet and AcrPull on the new registry", () => {
    const [, , , , roles] = p.stages;
    assert.deepEqual(
      roles?.branches
        .flatMap((b) => b.writes)
        .map((w) =>
          w.kind === "roleAssignment" ? [w.role, w.principalFrom, w.body.roleDefinitionId.split("/")[2]] : [],
        ),
      [
        ["NetworkContributor", "clusterIdentity", sub],
        ["AcrPull", "kubeletIdentity", sub],
      ],
    );
  });

  it("asks for the production profile: managed Entra with Azure RBAC, no local accounts, upgrade channels, add-ons, Defender, Image Cleaner", async () => {
    const w = cluster(p);
    const workspace =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-monitoring-prod/providers/Microsoft.OperationalInsights/workspaces/law-payments-prod";
    assert.deepEqual(w.body.aadProfile, {
      managed: true,
      enableAzureRbac: true,
      adminGroupObjectIDs: ["6f1b1c5e-2d3a-4b8e-9c41-0a7d2e5f8b13"],
    });
    assert.equal(w.body.disableLocalAccounts, true);
    assert.deepEqual(w.body.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
    assert.deepEqual(w.body.addonProfiles, {
      omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspace, useAADAuth: "true" } },
      azurepolicy: { enabled: true },
      azureKeyvaultSecretsProvider: {
        enabled: true,
        config: { enableSecretRotation: "true", rotationPollInterval: "2m" },
      },
    });
    assert.deepEqual(w.body.securityProfile, {
      workloadIdentity: { enabled: true },
      defender: { logAnalyticsWorkspaceResourceId: workspace, securityMonitoring: { enabled: true } },
      imageCleaner: { enabled: true, intervalHours: 168 },
    });
    const props = (await captureWire(w)).body.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(props.aadProfile, {
      managed: true,
      enableAzureRBAC: true,
      adminGroupObjectIDs: ["6f1b1c5e-2d3a-4b8e-9c41-0a7d2e5f8b13"],
    });
    assert.equal(props.disableLocalAccounts, true);
    assert.deepEqual(props.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
    assert.deepEqual(Object.keys(props.addonProfiles ?? {}), [
      "omsagent",
      "azurepolicy",
      "azureKeyvaultSecretsProvider",
    ]);
    assert.deepEqual(props.securityProfile?.imageCleaner, { enabled: true, intervalHours: 168 });
  });

  it("writes both maintenance configurations after the cluster, and AKS RBAC Admin for the provisioner on the cluster before readiness", () => {
    assert.deepEqual(
      p.stages.map((s) => [s.name, s.branches.map((b) => [b.name, b.writes.map((w) => w.kind)])]),
      [
        ["resourceGroup", [["resourceGroup", ["resourceGroup"]]]],
        ["dependencies", [["registry", ["registry", "replication"]]]],
        ["cluster", [["cluster", ["managedCluster"]]]],
        [
          "clusterSettings",
          [
            ["maintenance", ["maintenanceConfiguration", "maintenanceConfiguration"]],
            ["clusterAccess", ["roleAssignment"]],
          ],
        ],
        [
          "roleAssignments",
          [
            ["networkAccess", ["roleAssignment"]],
            ["registryAccess", ["roleAssignment"]],
          ],
        ],
      ],
    );
    assert.deepEqual(
      only(p, "maintenanceConfiguration").map((m) => [m.name, m.clusterName, m.resourceId]),
      ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"].map((name) => [
        name,
        "payments-prod",
        `${p.clusterId}/maintenanceConfigurations/${name}`,
      ]),
    );
    const [access] = only(p, "roleAssignment");
    assert.deepEqual(
      [access?.role, access?.principalFrom, access?.scope, access?.body.roleDefinitionId.split("/").pop()],
      ["AksRbacAdmin", "provisioner", p.clusterId, "3498e952-d568-435e-9b2c-8d77e338d7f7"],
    );
    // The status lists the steps in the order they run: the readiness wait after what is written on the cluster.
    assert.deepEqual(
      initialSteps(p).map((s) => `${s.stage}/${s.id}`),
      [
        "resourceGroup/resourceGroup",
        "dependencies/registry",
        "cluster/cluster",
        "clusterSettings/maintenance",
        "clusterSettings/clusterAccess",
        "readiness/readiness",
        "roleAssignments/networkAccess",
        "roleAssignments/registryAccess",
      ],
    );
  });

  it("sends each maintenance window as a maintenanceConfigurations PUT with its dates as YYYY-MM-DD", async () => {
    const [autoUpgrade, nodeOS] = only(p, "maintenanceConfiguration");
    assert.ok(autoUpgrade && nodeOS);
    const wire = await captureWire(autoUpgrade);
    assert.equal(wire.path, autoUpgrade.resourceId);
    assert.equal(wire.apiVersion, "2026-06-01");
    assert.deepEqual(wire.body.properties, {
      maintenanceWindow: {
        schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: "First", dayOfWeek: "Sunday" } },
        durationHours: 6,
        utcOffset: "+01:00",
        startTime: "02:00",
        notAllowedDates: [{ start: "2026-12-20", end: "2027-01-03" }],
      },
    });
    const nodeWire = await captureWire(nodeOS);
    assert.deepEqual(nodeWire.body.properties, {
      maintenanceWindow: {
        schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Saturday" } },
        durationHours: 4,
        utcOffset: "+01:00",
        startDate: "2026-01-10",
        startTime: "01:00",
      },
    });
  });

  it("sends the provisioner's grant on the cluster scope with the principal the activity reads", async () => {
    const [access] = only(p, "roleAssignment");
    assert.ok(access);
    const wire = await captureWire(access, "00000000-0000-4000-8000-0000000000c1");
    // (The authorization SDK's scope template puts a second "/" in front, for every scope.)
    assert.match(wire.path, new RegExp(`^/?${p.clusterId}/providers/Microsoft\\.Authorization/roleAssignments/`));
    assert.equal(
      (wire.body.properties as { principalId?: string }).principalId,
      "00000000-0000-4000-8000-0000000000c1",
    );
  });
});
