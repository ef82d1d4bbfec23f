import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { CoreV1Api, Health, KubeConfig, VersionApi } from "@kubernetes/client-node";
import { aCluster, fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm Kubernetes API per cluster via @kubernetes/client-node", () => {
  const arm = useSandbox();
  afterEach(async () => {
    await arm.sandbox.control.clock({ reset: true });
    await arm.sandbox.control.settings({ profile: "instant" });
  });

  const twoPools = (name: string) =>
    aCluster({
      dnsPrefix: name,
      agentPoolProfiles: [
        { name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5", availabilityZones: ["1", "2"] },
        {
          name: "user",
          mode: "User",
          count: 2,
          vmSize: "Standard_D4s_v5",
          nodeTaints: ["sku=gpu:NoSchedule"],
          nodeLabels: { team: "a" },
        },
      ],
    });

  async function kubeConfig(name: string): Promise<InstanceType<typeof KubeConfig>> {
    const creds = await arm.clients.containerService.managedClusters.listClusterUserCredentials(arm.rg, name);
    const kc = new KubeConfig();
    kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
    return kc;
  }

  const readyCount = async (core: InstanceType<typeof CoreV1Api>) =>
    (await core.listNode()).items.filter(
      (n) => n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True",
    ).length;

  it("lists one node per VMSS instance with AKS labels, zones and pool taints; /readyz and /version answer", async () => {
    const name = uniqueName("k");
    await arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, twoPools(name), fastPoll);
    const kc = await kubeConfig(name);
    assert.equal(await new Health(kc).readyz({}), true);
    assert.match((await kc.makeApiClient(VersionApi).getCode()).gitVersion, /^v1\.30\.\d+$/);
    const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items;
    assert.equal(nodes.length, 3);
    const user = nodes.filter((n) => n.metadata?.labels?.agentpool === "user");
    assert.equal(user.length, 2);
    assert.equal(user[0]?.metadata?.labels?.["kubernetes.azure.com/mode"], "user");
    assert.equal(user[0]?.metadata?.labels?.team, "a");
    assert.deepEqual(
      user[0]?.spec?.taints?.map((t) => ({ ...t })),
      [{ key: "sku", value: "gpu", effect: "NoSchedule" }],
    );
    const system = nodes.find((n) => n.metadata?.labels?.agentpool === "system");
    assert.equal(system?.metadata?.labels?.["topology.kubernetes.io/zone"], "eastus-1");
    assert.match(system?.metadata?.name ?? "", /^aks-system-\d{8}-vmss[0-9a-z]{6}$/);
    assert.ok(nodes.every((n) => n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True"));
    const core = kc.makeApiClient(CoreV1Api);
    assert.equal((await core.listNode({ labelSelector: "agentpool=user,team=a" })).items.length, 2);
    assert.equal((await core.listNode({ labelSelector: "kubernetes.azure.com/mode!=user" })).items.length, 1);
  });

  it("turns nodes Ready some time after their pool succeeds", async () => {
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("k");
    const poller = arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, twoPools(name), fastPoll);
    await poller.submitted();
    const kc = await kubeConfig(name);
    const core = kc.makeApiClient(CoreV1Api);
    assert.equal(await new Health(kc).readyz({}), false, "control plane not up at the start of creation");
    // Move sandbox time exactly to the end of the create operation.
    const state = await arm.sandbox.control.state();
    const op = state.operations.find((o) => o.resourceKey.endsWith(`/managedclusters/${name}`));
    assert.ok(op);
    await arm.sandbox.control.clock({ advanceMs: op.dueAtMs - state.clock.nowMs });
    await poller;
    const pending = (await core.listNode()).items;
    assert.equal(pending.length, 3);
    assert.equal(await readyCount(core), 0, "nodes exist but are NotReady right after the pool succeeded");
    await arm.sandbox.control.clock({ advanceMs: 2_000 });
    assert.equal(await readyCount(core), 3);
  });

  it("follows scale and stop/start", async () => {
    const name = uniqueName("k");
    await arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, twoPools(name), fastPoll);
    const kc = await kubeConfig(name);
    const core = kc.makeApiClient(CoreV1Api);
    await arm.putPool(name, "user", { count: 4, vmSize: "Standard_D4s_v5" });
    assert.equal((await core.listNode()).items.length, 5);
    await arm.putPool(name, "user", { count: 1, vmSize: "Standard_D4s_v5" });
    assert.equal((await core.listNode()).items.length, 2);
    const names = (await core.listNode()).items.map((n) => n.metadata?.name).sort();
    await arm.clients.containerService.managedClusters.stop(arm.rg, name, fastPoll);
    assert.equal(await new Health(kc).readyz({}), false);
    await assert.rejects(core.listNode());
    await arm.clients.containerService.managedClusters.start(arm.rg, name, fastPoll);
    assert.equal(await new Health(kc).readyz({}), true);
    assert.equal(await readyCount(core), 2);
    assert.deepEqual(
      (await core.listNode()).items.map((n) => n.metadata?.name).sort(),
      names,
      "deallocated instances come back",
    );
  });

  it("refuses a token that is not the cluster's", async () => {
    const name = uniqueName("k");
    await arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, twoPools(name), fastPoll);
    const kc = await kubeConfig(name);
    const user = kc.getCurrentUser();
    assert.ok(user);
    (user as { token?: string }).token = "wrong";
    await assert.rejects(kc.makeApiClient(CoreV1Api).listNode(), (e: { code?: number }) => e.code === 401);
  });
});
