import assert from "node:assert/strict";
import { request } from "node:https";
import { afterEach, describe, it } from "node:test";
import { ApisApi, CoreApi, CoreV1Api, KubeConfig, type V1Node, Watch } from "@kubernetes/client-node";
import { aCluster, fastPoll, uniqueName, useSandbox } from "./fixtures.js";

// What kubectl does after `az aks get-credentials`, driven through @kubernetes/client-node (kubectl itself
// cannot be installed here) and raw HTTPS with kubectl's own Accept headers.

const AGGREGATED =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const TABLE =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

// biome-ignore lint/suspicious/noExplicitAny: raw responses are parsed JSON, read field by field in assertions
type AnyJson = Record<string, any>;

const isReady = (n: V1Node) => n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";

describe("sandbox/arm Kubernetes API answers kubectl", () => {
  const arm = useSandbox();
  afterEach(async () => {
    await arm.sandbox.control.clock({ reset: true });
    await arm.sandbox.control.settings({ profile: "instant" });
  });

  const twoPools = (name: string) =>
    aCluster({
      dnsPrefix: name,
      agentPoolProfiles: [
        { name: "system", mode: "System", count: 2, vmSize: "Standard_D2s_v5" },
        { name: "user", mode: "User", count: 1, vmSize: "Standard_D4s_v5" },
      ],
    });

  async function kubeConfig(name: string): Promise<KubeConfig> {
    const creds = await arm.clients.containerService.managedClusters.listClusterUserCredentials(arm.rg, name);
    const kc = new KubeConfig();
    kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
    return kc;
  }

  /** A GET to the cluster's API server as kubectl sends it: the kubeconfig's server, CA and token. */
  function kubeGet(kc: KubeConfig, path: string, accept: string) {
    const cluster = kc.getCurrentCluster();
    const token = (kc.getCurrentUser() as { token?: string } | null)?.token;
    assert.ok(cluster && token);
    return new Promise<{ status: number; contentType: string; body: AnyJson }>((resolve, reject) => {
      const headers = { accept, authorization: `Bearer ${token}` };
      const req = request(`${cluster.server}${path}`, { headers, ca: arm.sandbox.ca, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers["content-type"]),
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
          }),
        );
      });
      req.on("error", reject);
      req.end();
    });
  }

  async function readyCluster(): Promise<KubeConfig> {
    const name = uniqueName("kc");
    await arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, twoPools(name), fastPoll);
    return kubeConfig(name);
  }

  it("serves discovery: legacy APIVersions/APIGroupList/APIResourceList and the aggregated forms", async () => {
    const kc = await readyCluster();
    assert.deepEqual((await kc.makeApiClient(CoreApi).getAPIVersions()).versions, ["v1"]);
    assert.ok(Array.isArray((await kc.makeApiClient(ApisApi).getAPIVersions()).groups));
    const resources = (await kc.makeApiClient(CoreV1Api).getAPIResources()).resources;
    for (const [name, namespaced] of [
      ["nodes", false],
      ["namespaces", false],
      ["pods", true],
    ] as const) {
      const r = resources.find((x) => x.name === name);
      assert.equal(r?.namespaced, namespaced, name);
      assert.ok(r?.verbs.includes("watch") && r.verbs.includes("list"), name);
    }

    const api = await kubeGet(kc, "/api", AGGREGATED);
    assert.equal(api.contentType, "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    assert.equal(api.body.kind, "APIGroupDiscoveryList");
    const core = api.body.items[0].versions[0];
    assert.equal(core.version, "v1");
    const nodes = core.resources.find((r: { resource: string }) => r.resource === "nodes");
    assert.deepEqual(nodes.responseKind, { group: "", version: "v1", kind: "Node" });
    assert.equal(nodes.scope, "Cluster");
    const apis = await kubeGet(kc, "/apis", AGGREGATED);
    assert.equal(apis.body.kind, "APIGroupDiscoveryList");
    assert.match(apis.contentType, /v=v2;/);
    const beta = await kubeGet(
      kc,
      "/apis",
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
    );
    assert.equal(beta.body.apiVersion, "apidiscovery.k8s.io/v2beta1");
    assert.equal((await kubeGet(kc, "/api", "application/json")).body.kind, "APIVersions");
    assert.equal((await kubeGet(kc, "/apis", "application/json, */*")).body.kind, "APIGroupList");
  });

  it("lists nodes, namespaces and the kube-system pods in all namespaces, Running on Ready nodes", async () => {
    const kc = await readyCluster();
    const core = kc.makeApiClient(CoreV1Api);
    const nodes = (await core.listNode()).items;
    assert.equal(nodes.length, 3);
    assert.ok(nodes.every(isReady));
    const namespaces = (await core.listNamespace()).items.map((n) => n.metadata?.name).sort();
    assert.deepEqual(namespaces, ["default", "kube-node-lease", "kube-public", "kube-system"]);
    assert.equal((await core.readNamespace({ name: "kube-system" })).status?.phase, "Active");

    const pods = (await core.listPodForAllNamespaces()).items;
    assert.ok(pods.every((p) => p.metadata?.namespace === "kube-system" && p.status?.phase === "Running"));
    const app = (a: string) => pods.filter((p) => p.metadata?.labels?.["k8s-app"] === a);
    assert.equal(app("kube-dns").length, 2);
    assert.equal(app("metrics-server").length, 2);
    assert.equal(app("konnectivity-agent").length, 2);
    assert.equal(app("kube-proxy").length, 3, "one kube-proxy per node");
    assert.equal(app("cloud-node-manager").length, 3);
    const systemNodes = new Set(
      nodes.filter((n) => n.metadata?.labels?.agentpool === "system").map((n) => n.metadata?.name),
    );
    assert.ok(
      app("kube-dns").every((p) => systemNodes.has(p.spec?.nodeName)),
      "add-ons run on system nodes",
    );
    assert.match(app("kube-dns")[0]?.metadata?.name ?? "", /^coredns-[a-z0-9]{10}-[a-z0-9]{5}$/);

    const inNamespace = await core.listNamespacedPod({ namespace: "kube-system" });
    assert.equal(inNamespace.items.length, pods.length);
    assert.equal((await core.listNamespacedPod({ namespace: "default" })).items.length, 0);
    const onNode = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodes[2]?.metadata?.name}` });
    assert.ok(onNode.items.length > 0 && onNode.items.every((p) => p.spec?.nodeName === nodes[2]?.metadata?.name));
    const one = app("kube-dns")[0]?.metadata?.name ?? "";
    assert.equal((await core.readNamespacedPod({ namespace: "kube-system", name: one })).metadata?.name, one);
    await assert.rejects(core.readNode({ name: "nope" }), (e: { code?: number }) => e.code === 404);
  });

  it("answers kubectl get's Table requests for nodes, pods and namespaces", async () => {
    const kc = await readyCluster();
    const nodes = await kubeGet(kc, "/api/v1/nodes", TABLE);
    assert.equal(nodes.body.kind, "Table");
    assert.deepEqual(
      nodes.body.columnDefinitions
        .filter((c: { priority: number }) => c.priority === 0)
        .map((c: { name: string }) => c.name),
      ["Name", "Status", "Roles", "Age", "Version"],
    );
    assert.equal(nodes.body.rows.length, 3);
    assert.equal(nodes.body.rows[0].cells[1], "Ready");
    assert.match(nodes.body.rows[0].cells[4], /^v1\.30\.\d+$/);
    assert.equal(nodes.body.rows[0].object.kind, "PartialObjectMetadata");
    const pods = await kubeGet(kc, "/api/v1/pods?limit=500", TABLE);
    assert.ok(pods.body.rows.every((r: { cells: unknown[] }) => r.cells[1] === "1/1" && r.cells[2] === "Running"));
    assert.equal(pods.body.rows[0].object.metadata.namespace, "kube-system");
    const ns = await kubeGet(kc, "/api/v1/namespaces/default", TABLE);
    assert.deepEqual(ns.body.rows[0].cells.slice(0, 2), ["default", "Active"]);
  });

  it("streams node changes to a Watch the way kubectl wait --for=condition=Ready nodes --all uses it", async () => {
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("kw");
    const poller = arm.clients.containerService.managedClusters.createOrUpdate(arm.rg, name, twoPools(name), fastPoll);
    await poller.submitted();
    const state = await arm.sandbox.control.state();
    const op = state.operations.find((o) => o.resourceKey.endsWith(`/managedclusters/${name}`));
    assert.ok(op);
    await arm.sandbox.control.clock({ advanceMs: op.dueAtMs - state.clock.nowMs });
    await poller;
    const kc = await kubeConfig(name);
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNode();
    assert.equal(list.items.filter(isReady).length, 0, "nodes exist but are not Ready yet");
    assert.ok((await core.listPodForAllNamespaces()).items.every((p) => p.status?.phase === "Pending"));

    // kubectl wait: per node, a watch by name from the list's resourceVersion until the condition holds.
    const target = list.items[0]?.metadata?.name ?? "";
    const events: { type: string; ready: boolean }[] = [];
    let resolveReady: () => void = () => {};
    const becameReady = new Promise<void>((resolve) => {
      resolveReady = resolve;
    });
    const controller = await new Watch(kc).watch(
      "/api/v1/nodes",
      { fieldSelector: `metadata.name=${target}`, resourceVersion: list.metadata?.resourceVersion },
      (type, node: V1Node) => {
        events.push({ type, ready: isReady(node) });
        if (isReady(node)) resolveReady();
      },
      () => {},
    );
    await arm.sandbox.control.clock({ advanceMs: 2_000 });
    await becameReady;
    controller.abort();
    assert.deepEqual(events, [{ type: "MODIFIED", ready: true }]);
    assert.ok((await core.listPodForAllNamespaces()).items.every((p) => p.status?.phase === "Running"));

    // A watch from scratch first sends every object as ADDED; scaling in sends DELETED.
    const seen: string[] = [];
    let resolveDeleted: () => void = () => {};
    const deleted = new Promise<void>((resolve) => {
      resolveDeleted = resolve;
    });
    const all = await new Watch(kc).watch(
      "/api/v1/nodes",
      { labelSelector: "agentpool=system" },
      (type) => {
        seen.push(type);
        if (type === "DELETED") resolveDeleted();
      },
      () => {},
    );
    await arm.sandbox.control.settings({ profile: "instant" });
    await arm.putPool(name, "system", { count: 1, vmSize: "Standard_D2s_v5", mode: "System" });
    await deleted;
    all.abort();
    assert.deepEqual(seen, ["ADDED", "ADDED", "DELETED"]);
  });
});
