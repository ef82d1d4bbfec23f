import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm agent-pool PUTs: absent fields unchanged, powerState stops and starts User pools", () => {
  const arm = useSandbox();
  afterEach(() => arm.sandbox.control.quota({ regionalVcpus: 100 }));

  const pools = () => arm.clients.containerService.agentPools;
  async function nodeNames(cluster: string, pool: string): Promise<string[]> {
    const creds = await arm.clients.containerService.managedClusters.listClusterUserCredentials(arm.rg, cluster);
    const kc = new KubeConfig();
    kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
    const nodes = (await kc.makeApiClient(CoreV1Api).listNode()).items;
    return nodes
      .filter((n) => n.metadata?.labels?.agentpool === pool)
      .map((n) => n.metadata?.name ?? "")
      .sort();
  }
  const cores = async () => (await arm.sandbox.control.quota()).usage[`${arm.sandbox.subscriptionId}/eastus`] ?? 0;

  it("stops a User pool with a PUT of powerState only: nodes leave, quota is released; Running brings them back", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await arm.putPool(name, "user", { count: 2, vmSize: "Standard_D4s_v5", nodeLabels: { team: "a" } });
    const names = await nodeNames(name, "user");
    assert.equal(names.length, 2);
    const running = await cores();
    const stopped = await pools().createOrUpdate(arm.rg, name, "user", { powerState: { code: "Stopped" } }, fastPoll);
    assert.equal(stopped.provisioningState, "Succeeded");
    assert.equal(stopped.powerState?.code, "Stopped");
    assert.equal(stopped.vmSize, "Standard_D4s_v5", "the absent vmSize is unchanged, not a change");
    assert.equal(stopped.count, 2);
    assert.deepEqual(stopped.nodeLabels, { team: "a" });
    assert.deepEqual(await nodeNames(name, "user"), []);
    assert.equal(await cores(), running - 8);
    assert.equal(
      (await arm.clients.containerService.managedClusters.get(arm.rg, name)).powerState?.code,
      "Running",
      "the cluster runs on",
    );

    await arm.sandbox.control.quota({ regionalVcpus: running - 1 });
    await assert.rejects(
      pools().createOrUpdate(arm.rg, name, "user", { powerState: { code: "Running" } }, fastPoll),
      (e) => isRestError(e) && e.code === "QuotaExceeded",
    );
    await arm.sandbox.control.quota({ regionalVcpus: 100 });
    const started = await pools().createOrUpdate(arm.rg, name, "user", { powerState: { code: "Running" } }, fastPoll);
    assert.equal(started.powerState?.code, "Running");
    assert.deepEqual(await nodeNames(name, "user"), names, "the same instances come back");
    assert.equal(await cores(), running);
  });

  it("refuses to stop a System pool", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await assert.rejects(
      pools().createOrUpdate(arm.rg, name, "system", { powerState: { code: "Stopped" } }, fastPoll),
      (e) => isRestError(e) && e.statusCode === 400 && e.code === "InvalidParameter",
    );
  });

  it("keeps a pool stopped on its own stopped through a cluster stop and start", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await arm.putPool(name, "user");
    await pools().createOrUpdate(arm.rg, name, "user", { powerState: { code: "Stopped" } }, fastPoll);
    await arm.clients.containerService.managedClusters.stop(arm.rg, name, fastPoll);
    await arm.clients.containerService.managedClusters.start(arm.rg, name, fastPoll);
    const mc = await arm.clients.containerService.managedClusters.get(arm.rg, name);
    assert.deepEqual(
      mc.agentPoolProfiles?.map((p) => [p.name, p.powerState?.code, p.provisioningState]),
      [
        ["system", "Running", "Succeeded"],
        ["user", "Stopped", "Succeeded"],
      ],
    );
    assert.deepEqual(await nodeNames(name, "user"), []);
  });

  it("treats the fields a PUT leaves out as unchanged: scale by count alone, autoscale without count", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await arm.putPool(name, "work", {
      count: 1,
      vmSize: "Standard_D4s_v5",
      nodeTaints: ["dedicated=batch:NoSchedule"],
      maxPods: 50,
      osDiskSizeGB: 256,
    });
    const scaled = await pools().createOrUpdate(arm.rg, name, "work", { count: 3 }, fastPoll);
    assert.equal(scaled.count, 3);
    assert.equal(scaled.vmSize, "Standard_D4s_v5");
    assert.deepEqual(scaled.nodeTaints, ["dedicated=batch:NoSchedule"]);
    assert.equal(scaled.maxPods, 50);
    assert.equal(scaled.osDiskSizeGB, 256);
    assert.equal(scaled.mode, "User");
    // Never send count for an autoscaled pool: the pool keeps its count inside the new range.
    const auto = await pools().createOrUpdate(
      arm.rg,
      name,
      "work",
      { enableAutoScaling: true, minCount: 2, maxCount: 5 },
      fastPoll,
    );
    assert.deepEqual([auto.count, auto.minCount, auto.maxCount, auto.enableAutoScaling], [3, 2, 5, true]);
    const manual = await pools().createOrUpdate(arm.rg, name, "work", { enableAutoScaling: false }, fastPoll);
    assert.deepEqual([manual.enableAutoScaling, manual.minCount, manual.maxCount], [false, undefined, undefined]);
    // A real change of vmSize is still refused.
    await assert.rejects(
      pools().createOrUpdate(arm.rg, name, "work", { vmSize: "Standard_E4s_v5" }, fastPoll),
      (e) => isRestError(e) && e.code === "PropertyChangeNotAllowed",
    );
  });

  it("keeps the pool's patch version when a PUT re-sends its minor", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name, { kubernetesVersion: "1.30.6" });
    const pool = await arm.putPool(name, "user", { orchestratorVersion: "1.30.6" });
    const again = await pools().createOrUpdate(
      arm.rg,
      name,
      "user",
      { orchestratorVersion: "1.30", count: 2 },
      fastPoll,
    );
    assert.equal(again.currentOrchestratorVersion, pool.currentOrchestratorVersion);
  });
});
