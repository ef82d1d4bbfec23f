import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { aCluster, fastPoll, rawRequest, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm managed clusters round-trip ordinary request bodies as ARM does", () => {
  const arm = useSandbox();

  it("never returns windowsProfile.adminPassword (PUT response, GET, list, state dump); keeps adminUsername", async () => {
    const name = uniqueName("c");
    const secret = "P@ssw0rd-never-returned-1234";
    const windowsProfile = { adminUsername: "azureuser", adminPassword: secret, licenseType: "None" as const };
    const put = await arm.createCluster(name, { windowsProfile });
    // The SDK's deserializer lists every model field, so compare field by field.
    assert.equal(put.windowsProfile?.adminUsername, "azureuser");
    assert.equal(put.windowsProfile?.licenseType, "None");
    assert.equal(put.windowsProfile?.adminPassword, undefined);
    const got = await arm.clients.containerService.managedClusters.get(arm.rg, name);
    assert.equal(got.windowsProfile?.adminUsername, "azureuser");
    assert.equal(got.windowsProfile?.adminPassword, undefined);
    const path = `/subscriptions/${arm.sandbox.subscriptionId}/resourceGroups/${arm.rg}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-06-01`;
    const listed = await rawRequest(arm.sandbox, "GET", path);
    assert.equal(listed.status, 200);
    assert.equal(listed.text.includes(secret), false);
    assert.equal(JSON.stringify(await arm.sandbox.control.state()).includes(secret), false);
  });

  it("keeps properties it does not model, on the cluster, its pools and the network profile", async () => {
    const name = uniqueName("c");
    const desId = `/subscriptions/${arm.sandbox.subscriptionId}/resourceGroups/${arm.rg}/providers/Microsoft.Compute/diskEncryptionSets/des1`;
    const mc = await arm.createCluster(name, {
      diskEncryptionSetID: desId,
      ingressProfile: { webAppRouting: { enabled: true } },
      upgradeSettings: { overrideSettings: { forceUpgrade: false } },
      agentPoolProfiles: [
        {
          name: "system",
          mode: "System",
          count: 1,
          vmSize: "Standard_D2s_v5",
          upgradeSettings: { maxSurge: "33%", drainTimeoutInMinutes: 45 },
          kubeletConfig: { cpuManagerPolicy: "static" },
        },
      ],
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: "192.168.0.0/16",
        serviceCidr: "10.2.0.0/16",
        dnsServiceIP: "10.2.0.10",
        outboundType: "managedNATGateway",
        natGatewayProfile: { managedOutboundIPProfile: { count: 2 }, idleTimeoutInMinutes: 10 },
        ipFamilies: ["IPv4"],
      },
    });
    const got = await arm.clients.containerService.managedClusters.get(arm.rg, name);
    for (const view of [mc, got]) {
      assert.equal(view.diskEncryptionSetID, desId);
      assert.equal(view.ingressProfile?.webAppRouting?.enabled, true);
      assert.equal(view.upgradeSettings?.overrideSettings?.forceUpgrade, false);
      assert.equal(view.agentPoolProfiles?.[0]?.upgradeSettings?.maxSurge, "33%");
      assert.equal(view.agentPoolProfiles?.[0]?.upgradeSettings?.drainTimeoutInMinutes, 45);
      assert.equal(view.agentPoolProfiles?.[0]?.kubeletConfig?.cpuManagerPolicy, "static");
      assert.equal(view.networkProfile?.natGatewayProfile?.idleTimeoutInMinutes, 10);
      assert.equal(view.networkProfile?.natGatewayProfile?.effectiveOutboundIPs?.length, 2);
      assert.deepEqual(view.networkProfile?.ipFamilies, ["IPv4"]);
    }
    // An update that leaves a property out keeps it, as AKS does.
    const updated = await arm.createCluster(name, { tags: { v: "2" } });
    assert.equal(updated.diskEncryptionSetID, desId);
    assert.equal(updated.ingressProfile?.webAppRouting?.enabled, true);
  });

  it("honours loadBalancerProfile.managedOutboundIPs.count, on create and on update", async () => {
    const name = uniqueName("c");
    const lb = (count: number) => ({
      networkProfile: { outboundType: "loadBalancer", loadBalancerProfile: { managedOutboundIPs: { count } } },
    });
    const mc = await arm.createCluster(name, lb(3));
    const profile = mc.networkProfile?.loadBalancerProfile;
    assert.equal(profile?.managedOutboundIPs?.count, 3);
    assert.equal(profile?.effectiveOutboundIPs?.length, 3);
    assert.ok(
      profile?.effectiveOutboundIPs?.every((ip) =>
        ip.id?.startsWith(
          `/subscriptions/${arm.sandbox.subscriptionId}/resourceGroups/${mc.nodeResourceGroup}/providers/Microsoft.Network/publicIPAddresses/`,
        ),
      ),
    );
    const scaled = await arm.createCluster(name, lb(5));
    const ids = scaled.networkProfile?.loadBalancerProfile?.effectiveOutboundIPs?.map((ip) => ip.id);
    assert.equal(ids?.length, 5);
    assert.deepEqual(
      ids?.slice(0, 3),
      profile?.effectiveOutboundIPs?.map((ip) => ip.id),
      "existing IPs stay",
    );
    await assert.rejects(
      arm.createCluster(uniqueName("c"), lb(0)),
      (e) => isRestError(e) && e.code === "InvalidParameter" && /managed outbound IPs/.test(e.message),
    );
    const byo = `/subscriptions/${arm.sandbox.subscriptionId}/resourceGroups/${arm.rg}/providers/Microsoft.Network/publicIPAddresses/mine`;
    const own = await arm.createCluster(uniqueName("c"), {
      networkProfile: { loadBalancerProfile: { outboundIPs: { publicIPs: [{ id: byo }] } } },
    });
    assert.deepEqual(own.networkProfile?.loadBalancerProfile?.effectiveOutboundIPs, [{ id: byo }]);
    assert.equal(own.networkProfile?.loadBalancerProfile?.managedOutboundIPs, undefined);
  });

  it("takes a GET-modify-PUT of the whole cluster (what ASO and the CLI do) as an update", async () => {
    const name = uniqueName("c");
    await arm.createCluster(
      name,
      aCluster({ dnsPrefix: name, windowsProfile: { adminUsername: "u", adminPassword: "Secret-1234567890" } }),
    );
    const got = await arm.clients.containerService.managedClusters.get(arm.rg, name);
    const again = await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      name,
      { ...got, tags: { round: "trip" } },
      fastPoll,
    );
    assert.equal(again.provisioningState, "Succeeded");
    assert.deepEqual(again.tags, { round: "trip" });
    assert.equal(again.fqdn, got.fqdn);
    assert.equal(again.agentPoolProfiles?.length, 1);
  });
});
