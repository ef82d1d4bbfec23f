import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { parse } from "yaml";
import { aCluster, createAksSubnet, fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm managed clusters and agent pools via @azure/arm-containerservice", () => {
  const arm = useSandbox();
  let subnetId: string;
  before(async () => {
    subnetId = await createAksSubnet(arm, "10.224.0.0/12", "10.224.0.0/16");
  });

  it("creates the docs/specs/arm.md §4.1 cluster (two VMSS pools, CNI overlay on own subnet) with ARM's response shape (§4.3)", async () => {
    const name = uniqueName("c");
    const mc = await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
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
    assert.equal(mc.nodeResourceGroup, `MC_${arm.rg}_${name}_eastus`);
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
    assert.equal((await arm.clients.resources.resourceGroups.get(mc.nodeResourceGroup ?? "")).managedBy, mc.id);
  });

  it("shows pools created with the cluster as child resources, and new child pools in the cluster", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    const listed: string[] = [];
    for await (const p of arm.clients.containerService.agentPools.list(arm.rg, name)) listed.push(p.name ?? "");
    assert.deepEqual(listed, ["system"]);
    const pool = await arm.putPool(name, "extra", { count: 2, nodeTaints: ["dedicated=batch:NoSchedule"] });
    assert.equal(pool.provisioningState, "Succeeded");
    assert.match(pool.currentOrchestratorVersion ?? "", /^1\.30\./);
    const mc = await arm.clients.containerService.managedClusters.get(arm.rg, name);
    assert.deepEqual(
      mc.agentPoolProfiles?.map((p) => p.name),
      ["system", "extra"],
    );
    const scaled = await arm.putPool(name, "extra", { count: 3 });
    assert.equal(scaled.count, 3);
    await arm.clients.containerService.agentPools.delete(arm.rg, name, "extra", fastPoll);
    await assert.rejects(
      arm.clients.containerService.agentPools.get(arm.rg, name, "extra"),
      (e) => isRestError(e) && e.statusCode === 404,
    );
  });

  it("refuses to delete the last System pool", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await assert.rejects(
      arm.clients.containerService.agentPools.delete(arm.rg, name, "system", fastPoll),
      (e) => isRestError(e) && e.code === "MustDefineAtLeastOneSystemPool",
    );
  });

  it("updates tags with PATCH", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    const tagged = await arm.clients.containerService.managedClusters.updateTags(
      arm.rg,
      name,
      { tags: { team: "x" } },
      fastPoll,
    );
    assert.deepEqual(tagged.tags, { team: "x" });
  });

  it("returns real kubeconfig YAML for user and admin credentials", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    const user = await arm.clients.containerService.managedClusters.listClusterUserCredentials(arm.rg, name);
    assert.equal(user.kubeconfigs?.[0]?.name, "clusterUser");
    const config = parse(Buffer.from(user.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
    assert.equal(config["current-context"], name);
    assert.equal(config.clusters[0].cluster.server.startsWith(`${arm.sandbox.url}/k8s/`), true);
    assert.ok(config.users[0].user.token);
    assert.equal(config.contexts[0].context.user, config.users[0].name);
    const admin = await arm.clients.containerService.managedClusters.listClusterAdminCredentials(arm.rg, name);
    assert.equal(admin.kubeconfigs?.[0]?.name, "clusterAdmin");
  });

  it("refuses admin credentials with 400 BadRequest when local accounts are disabled", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name, { disableLocalAccounts: true, aadProfile: { managed: true } });
    await assert.rejects(
      arm.clients.containerService.managedClusters.listClusterAdminCredentials(arm.rg, name),
      (e) =>
        isRestError(e) &&
        e.statusCode === 400 &&
        e.code === "BadRequest" &&
        /Getting static credential is not allowed because this cluster is set to disable local accounts/.test(
          e.message,
        ),
    );
  });

  it("serves kubernetesVersions and the upgrade profile with both arrays", async () => {
    const versions = await arm.clients.containerService.managedClusters.listKubernetesVersions("eastus");
    assert.ok(versions.values?.some((v) => v.isDefault));
    assert.ok(versions.values?.some((v) => v.version === "1.30" && v.patchVersions?.["1.30.6"]));
    const name = uniqueName("c");
    await arm.createCluster(name, { kubernetesVersion: "1.30.6" });
    const profile = await arm.clients.containerService.managedClusters.getUpgradeProfile(arm.rg, name);
    assert.equal(profile.controlPlaneProfile.kubernetesVersion, "1.30.6");
    assert.ok(profile.controlPlaneProfile.upgrades?.some((u) => u.kubernetesVersion?.startsWith("1.31.")));
    assert.equal(profile.agentPoolProfiles[0]?.name, "system");
  });

  it("upgrades the control plane and pools through a PUT with a new version", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name, { kubernetesVersion: "1.30.6" });
    const upgraded = await arm.createCluster(name, { kubernetesVersion: "1.31" });
    assert.match(upgraded.currentKubernetesVersion ?? "", /^1\.31\./);
    assert.match(upgraded.agentPoolProfiles?.[0]?.currentOrchestratorVersion ?? "", /^1\.31\./);
  });

  it("stops and starts a cluster (powerState Stopped → Running)", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await arm.clients.containerService.managedClusters.stop(arm.rg, name, fastPoll);
    const stopped = await arm.clients.containerService.managedClusters.get(arm.rg, name);
    assert.equal(stopped.powerState?.code, "Stopped");
    assert.equal(stopped.agentPoolProfiles?.[0]?.powerState?.code, "Stopped");
    await assert.rejects(arm.putPool(name, "more"), (e) => isRestError(e) && e.code === "OperationNotAllowed");
    await arm.clients.containerService.managedClusters.start(arm.rg, name, fastPoll);
    assert.equal((await arm.clients.containerService.managedClusters.get(arm.rg, name)).powerState?.code, "Running");
  });

  it("honours if-none-match / if-match against the cluster's eTag (412 PreconditionFailed)", async () => {
    const name = uniqueName("c");
    const mc = await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      name,
      aCluster({ dnsPrefix: name }),
      {
        ...fastPoll,
        ifNoneMatch: "*",
      },
    );
    assert.ok(mc.eTag);
    await assert.rejects(
      arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, aCluster({ dnsPrefix: name }), {
        ...fastPoll,
        ifNoneMatch: "*",
      }),
      (e) => isRestError(e) && e.statusCode === 412,
    );
    await assert.rejects(
      arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, aCluster({ dnsPrefix: name }), {
        ...fastPoll,
        ifMatch: "stale",
      }),
      (e) => isRestError(e) && e.code === "PreconditionFailed",
    );
    const updated = await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      name,
      aCluster({ dnsPrefix: name, tags: { v: "2" } }),
      { ...fastPoll, ifMatch: mc.eTag },
    );
    assert.notEqual(updated.eTag, mc.eTag);
  });

  it("deletes a cluster with its pools and node resource group", async () => {
    const name = uniqueName("c");
    const mc = await arm.createCluster(name);
    await arm.clients.containerService.managedClusters.delete(arm.rg, name, fastPoll);
    await assert.rejects(
      arm.clients.containerService.managedClusters.get(arm.rg, name),
      (e) => isRestError(e) && e.code === "ResourceNotFound",
    );
    assert.equal((await arm.clients.resources.resourceGroups.checkExistence(mc.nodeResourceGroup ?? "")).body, false);
  });
});
