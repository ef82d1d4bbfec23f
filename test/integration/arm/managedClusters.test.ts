import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { parse } from "yaml";
import type { ArmSandbox } from "../../../sandbox/arm/index.js";
import { aCluster, clientsFor, fastPoll, startTestSandbox, uniqueName } from "./fixtures.js";

describe("sandbox/arm managed clusters and agent pools via @azure/arm-containerservice", () => {
  let sandbox: ArmSandbox;
  let clients: ReturnType<typeof clientsFor>;
  let rg: string;
  let subnetId: string;
  before(async () => {
    sandbox = await startTestSandbox();
    clients = clientsFor(sandbox);
    rg = uniqueName("rg");
    await clients.resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
    const vnet = await clients.network.virtualNetworks.createOrUpdate(
      rg,
      "vnet1",
      {
        location: "eastus",
        addressSpace: { addressPrefixes: ["10.224.0.0/12"] },
        subnets: [{ name: "aks", addressPrefix: "10.224.0.0/16" }],
      },
      fastPoll,
    );
    subnetId = vnet.subnets?.[0]?.id ?? "";
  });
  after(() => sandbox.stop());

  it("creates the spec §4 cluster (two VMSS pools, CNI overlay on own subnet) with ARM's response shape", async () => {
    const name = uniqueName("c");
    const mc = await clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      aCluster({
        sku: { name: "Base", tier: "Free" },
        dnsPrefix: `${name}-dns`,
        enableRbac: true,
        agentPoolProfiles: [
          {
            name: "system",
            mode: "System",
            count: 1,
            vmSize: "Standard_D2s_v5",
            osType: "Linux",
            type: "VirtualMachineScaleSets",
            vnetSubnetID: subnetId,
            maxPods: 110,
          },
          {
            name: "user",
            mode: "User",
            count: 2,
            vmSize: "Standard_D4s_v5",
            osType: "Linux",
            type: "VirtualMachineScaleSets",
            vnetSubnetID: subnetId,
            enableAutoScaling: true,
            minCount: 1,
            maxCount: 5,
          },
        ],
        networkProfile: {
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkPolicy: "azure",
          podCidr: "192.168.0.0/16",
          serviceCidr: "10.2.0.0/16",
          dnsServiceIP: "10.2.0.10",
          loadBalancerSku: "standard",
          outboundType: "loadBalancer",
        },
      }),
      fastPoll,
    );
    assert.equal(mc.provisioningState, "Succeeded");
    assert.equal(mc.powerState?.code, "Running");
    assert.match(mc.fqdn ?? "", new RegExp(`^${name}-dns-[a-z0-9]{8}\\.hcp\\.eastus\\.azmk8s\\.io$`));
    assert.match(mc.azurePortalFqdn ?? "", /\.portal\.hcp\.eastus\.azmk8s\.io$/);
    assert.match(mc.currentKubernetesVersion ?? "", /^1\.30\.\d+$/);
    assert.equal(mc.nodeResourceGroup, `MC_${rg}_${name}_eastus`);
    assert.equal(mc.servicePrincipalProfile?.clientId, "msi");
    assert.match(mc.identityProfile?.kubeletidentity?.objectId ?? "", /^[0-9a-f-]{36}$/);
    assert.match(mc.identity?.principalId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(mc.networkProfile?.podCidr, "192.168.0.0/16");
    assert.deepEqual(
      mc.agentPoolProfiles?.map((p) => [p.name, p.count, p.provisioningState, p.powerState?.code]),
      [
        ["system", 1, "Succeeded", "Running"],
        ["user", 2, "Succeeded", "Running"],
      ],
    );
    assert.equal((await clients.resources.resourceGroups.get(mc.nodeResourceGroup ?? "")).managedBy, mc.id);
  });

  it("shows pools created with the cluster as child resources, and new child pools in the cluster", async () => {
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), fastPoll);
    const listed: string[] = [];
    for await (const p of clients.containerService.agentPools.list(rg, name)) listed.push(p.name ?? "");
    assert.deepEqual(listed, ["system"]);
    const pool = await clients.containerService.agentPools.createOrUpdate(
      rg,
      name,
      "extra",
      { count: 2, vmSize: "Standard_D2s_v5", mode: "User", nodeTaints: ["dedicated=batch:NoSchedule"] },
      fastPoll,
    );
    assert.equal(pool.provisioningState, "Succeeded");
    assert.match(pool.currentOrchestratorVersion ?? "", /^1\.30\./);
    const mc = await clients.containerService.managedClusters.get(rg, name);
    assert.deepEqual(
      mc.agentPoolProfiles?.map((p) => p.name),
      ["system", "extra"],
    );
    const scaled = await clients.containerService.agentPools.createOrUpdate(
      rg,
      name,
      "extra",
      { count: 3, vmSize: "Standard_D2s_v5", mode: "User" },
      fastPoll,
    );
    assert.equal(scaled.count, 3);
    await clients.containerService.agentPools.delete(rg, name, "extra", fastPoll);
    await assert.rejects(
      clients.containerService.agentPools.get(rg, name, "extra"),
      (e) => isRestError(e) && e.statusCode === 404,
    );
  });

  it("refuses to delete the last System pool", async () => {
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), fastPoll);
    await assert.rejects(
      clients.containerService.agentPools.delete(rg, name, "system", fastPoll),
      (e) => isRestError(e) && e.code === "MustDefineAtLeastOneSystemPool",
    );
  });

  it("updates tags with PATCH", async () => {
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), fastPoll);
    const tagged = await clients.containerService.managedClusters.updateTags(
      rg,
      name,
      { tags: { team: "x" } },
      fastPoll,
    );
    assert.deepEqual(tagged.tags, { team: "x" });
  });

  it("returns real kubeconfig YAML for user and admin credentials", async () => {
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), fastPoll);
    const user = await clients.containerService.managedClusters.listClusterUserCredentials(rg, name);
    assert.equal(user.kubeconfigs?.[0]?.name, "clusterUser");
    const config = parse(Buffer.from(user.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
    assert.equal(config["current-context"], name);
    assert.equal(config.clusters[0].cluster.server.startsWith(`${sandbox.url}/k8s/`), true);
    assert.ok(config.users[0].user.token);
    assert.equal(config.contexts[0].context.user, config.users[0].name);
    const admin = await clients.containerService.managedClusters.listClusterAdminCredentials(rg, name);
    assert.equal(admin.kubeconfigs?.[0]?.name, "clusterAdmin");
  });

  it("refuses admin credentials when local accounts are disabled", async () => {
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      aCluster({ dnsPrefix: name, disableLocalAccounts: true }),
      fastPoll,
    );
    await assert.rejects(
      clients.containerService.managedClusters.listClusterAdminCredentials(rg, name),
      (e) => isRestError(e) && e.statusCode === 400,
    );
  });

  it("serves kubernetesVersions and the upgrade profile with both arrays", async () => {
    const versions = await clients.containerService.managedClusters.listKubernetesVersions("eastus");
    assert.ok(versions.values?.some((v) => v.isDefault));
    assert.ok(versions.values?.some((v) => v.version === "1.30" && v.patchVersions?.["1.30.6"]));
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      aCluster({ dnsPrefix: name, kubernetesVersion: "1.30.6" }),
      fastPoll,
    );
    const profile = await clients.containerService.managedClusters.getUpgradeProfile(rg, name);
    assert.equal(profile.controlPlaneProfile.kubernetesVersion, "1.30.6");
    assert.ok(profile.controlPlaneProfile.upgrades?.some((u) => u.kubernetesVersion?.startsWith("1.31.")));
    assert.equal(profile.agentPoolProfiles[0]?.name, "system");
  });

  it("upgrades the control plane and pools through a PUT with a new version", async () => {
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      aCluster({ dnsPrefix: name, kubernetesVersion: "1.30.6" }),
      fastPoll,
    );
    const upgraded = await clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      aCluster({ dnsPrefix: name, kubernetesVersion: "1.31" }),
      fastPoll,
    );
    assert.match(upgraded.currentKubernetesVersion ?? "", /^1\.31\./);
    assert.match(upgraded.agentPoolProfiles?.[0]?.currentOrchestratorVersion ?? "", /^1\.31\./);
  });

  it("stops and starts a cluster (powerState Stopped → Running)", async () => {
    const name = uniqueName("c");
    await clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), fastPoll);
    await clients.containerService.managedClusters.stop(rg, name, fastPoll);
    const stopped = await clients.containerService.managedClusters.get(rg, name);
    assert.equal(stopped.powerState?.code, "Stopped");
    assert.equal(stopped.agentPoolProfiles?.[0]?.powerState?.code, "Stopped");
    await assert.rejects(
      clients.containerService.agentPools.createOrUpdate(
        rg,
        name,
        "more",
        { count: 1, vmSize: "Standard_D2s_v5", mode: "User" },
        fastPoll,
      ),
      (e) => isRestError(e) && e.code === "OperationNotAllowed",
    );
    await clients.containerService.managedClusters.start(rg, name, fastPoll);
    assert.equal((await clients.containerService.managedClusters.get(rg, name)).powerState?.code, "Running");
  });

  it("honours if-none-match / if-match against the cluster's eTag (412 PreconditionFailed)", async () => {
    const name = uniqueName("c");
    const mc = await clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), {
      ...fastPoll,
      ifNoneMatch: "*",
    });
    assert.ok(mc.eTag);
    await assert.rejects(
      clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), {
        ...fastPoll,
        ifNoneMatch: "*",
      }),
      (e) => isRestError(e) && e.statusCode === 412,
    );
    await assert.rejects(
      clients.containerService.managedClusters.createOrUpdate(rg, name, aCluster({ dnsPrefix: name }), {
        ...fastPoll,
        ifMatch: "stale",
      }),
      (e) => isRestError(e) && e.code === "PreconditionFailed",
    );
    const updated = await clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      aCluster({ dnsPrefix: name, tags: { v: "2" } }),
      { ...fastPoll, ifMatch: mc.eTag },
    );
    assert.notEqual(updated.eTag, mc.eTag);
  });

  it("deletes a cluster with its pools and node resource group", async () => {
    const name = uniqueName("c");
    const mc = await clients.containerService.managedClusters.createOrUpdate(
      rg,
      name,
      aCluster({ dnsPrefix: name }),
      fastPoll,
    );
    await clients.containerService.managedClusters.delete(rg, name, fastPoll);
    await assert.rejects(
      clients.containerService.managedClusters.get(rg, name),
      (e) => isRestError(e) && e.code === "ResourceNotFound",
    );
    assert.equal((await clients.resources.resourceGroups.checkExistence(mc.nodeResourceGroup ?? "")).body, false);
  });
});
