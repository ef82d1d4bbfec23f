import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { aCluster, fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm per-kind duration overrides and late nodes", () => {
  const arm = useSandbox();
  afterEach(async () => {
    await arm.sandbox.control.clock({ reset: true });
    await arm.sandbox.control.settings({ profile: "instant", durationsMs: {}, lateNodes: null });
  });

  async function nodeApi(name: string) {
    const creds = await arm.clients.containerService.managedClusters.listClusterUserCredentials(arm.rg, name);
    const kc = new KubeConfig();
    kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
    return kc.makeApiClient(CoreV1Api);
  }
  const readyNames = async (core: CoreV1Api) =>
    (await core.listNode()).items
      .filter((n) => n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True")
      .map((n) => n.metadata?.name ?? "")
      .sort();

  it("runs instant with nodeReady 3000 ms exactly (no jitter): ARM is done, nodes come Ready later", async () => {
    const settings = await arm.sandbox.control.settings({ durationsMs: { nodeReady: 3000 } });
    assert.deepEqual(settings.durationsMs, { nodeReady: 3000 });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("t");
    const mc = await arm.createCluster(name, {
      agentPoolProfiles: [{ name: "system", mode: "System", count: 2, vmSize: "Standard_D2s_v5" }],
    });
    assert.equal(mc.provisioningState, "Succeeded", "the instant profile still ends ARM's operation at once");
    const core = await nodeApi(name);
    assert.equal((await core.listNode()).items.length, 2);
    assert.deepEqual(await readyNames(core), []);
    await arm.sandbox.control.clock({ advanceMs: 2999 });
    assert.deepEqual(await readyNames(core), []);
    await arm.sandbox.control.clock({ advanceMs: 1 });
    assert.equal((await readyNames(core)).length, 2);
  });

  it("makes the last nodes of a pool late (lateNodes), only in the pool named", async () => {
    await arm.sandbox.control.settings({ lateNodes: { count: 1, extraMs: 5000, pool: "user" } });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("t");
    await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      name,
      aCluster({
        dnsPrefix: name,
        agentPoolProfiles: [
          { name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5" },
          { name: "user", mode: "User", count: 3, vmSize: "Standard_D2s_v5" },
        ],
      }),
      fastPoll,
    );
    const core = await nodeApi(name);
    const ready = await readyNames(core);
    assert.equal(ready.length, 3, "the system node and two user nodes are Ready at once");
    const late = (await core.listNode()).items.find((n) => !ready.includes(n.metadata?.name ?? ""));
    assert.match(late?.metadata?.name ?? "", /^aks-user-\d{8}-vmss000002$/);
    assert.ok(late?.spec?.taints?.some((t) => t.key === "node.kubernetes.io/not-ready"));
    await arm.sandbox.control.clock({ advanceMs: 5000 });
    assert.equal((await readyNames(core)).length, 4);
  });

  it("applies overrides to ARM operations too (clusterCreate), keeping the profile for the other kinds", async () => {
    await arm.sandbox.control.settings({ durationsMs: { clusterCreate: 10_000 } });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("t");
    const poller = arm.createCluster(name);
    await poller.submitted();
    await arm.sandbox.control.clock({ advanceMs: 9_999 });
    assert.equal((await arm.clients.containerService.managedClusters.get(arm.rg, name)).provisioningState, "Creating");
    await arm.sandbox.control.clock({ advanceMs: 1 });
    assert.equal((await poller).provisioningState, "Succeeded");
  });
});
