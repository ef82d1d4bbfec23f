import { createHash } from "node:crypto";
import { isoTime as iso, type KubeObject, uidOf } from "./kubeObject.js";

/** A node as the system pods see it: its object plus when it turns Ready (sandbox ms). */
export interface PodHost {
  node: KubeObject;
  readyAtMs: number;
  createdAtMs: number;
  system: boolean;
}

/** What the pods of one cluster depend on. */
export interface SystemPodsInput {
  clusterId: string;
  hosts: PodHost[];
  now: number;
  /** Cluster add-ons differ by network plugin: Azure CNI runs azure-cns on every node. */
  networkPlugin: string;
  controlPlaneReadyAtMs: number;
}

const MCR = "mcr.microsoft.com/oss/v2/kubernetes";
/** Deployments AKS runs in kube-system, spread over the system pool's nodes. */
const DEPLOYMENTS = [
  { name: "coredns", replicas: 2, app: "kube-dns", image: `${MCR}/coredns:v1.11.3-8` },
  {
    name: "coredns-autoscaler",
    replicas: 1,
    app: "coredns-autoscaler",
    image: `${MCR}/autoscaler/cluster-proportional-autoscaler:v1.9.0`,
  },
  {
    name: "konnectivity-agent",
    replicas: 2,
    app: "konnectivity-agent",
    image: `${MCR}/apiserver-network-proxy/agent:v0.30.3-hotfix.20240819`,
  },
  { name: "metrics-server", replicas: 2, app: "metrics-server", image: `${MCR}/metrics-server:v0.7.2` },
];
/** DaemonSets AKS runs on every node (host network: they take the node's IP). */
const DAEMONSETS = [
  { name: "kube-proxy", app: "kube-proxy", image: `${MCR}/kube-proxy:v1.30.6`, azureCniOnly: false },
  {
    name: "cloud-node-manager",
    app: "cloud-node-manager",
    image: "mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v1.30.7",
    azureCniOnly: false,
  },
  {
    name: "azure-cns",
    app: "azure-cns",
    image: "mcr.microsoft.com/containernetworking/azure-cns:v1.6.13",
    azureCniOnly: true,
  },
  {
    name: "csi-azuredisk-node",
    app: "csi-azuredisk-node",
    image: "mcr.microsoft.com/oss/kubernetes-csi/azuredisk-csi:v1.30.5",
    azureCniOnly: false,
  },
  {
    name: "csi-azurefile-node",
    app: "csi-azurefile-node",
    image: "mcr.microsoft.com/oss/kubernetes-csi/azurefile-csi:v1.30.6",
    azureCniOnly: false,
  },
];

// Kubernetes generates name suffixes from this alphabet (no vowels, no look-alike digits).
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
function suffix(seed: string, length: number): string {
  const bytes = createHash("sha256").update(seed).digest();
  return Array.from(bytes.subarray(0, length), (b) => ALPHABET[b % ALPHABET.length]).join("");
}

const nodeIp = (node: KubeObject) =>
  ((node.status as { addresses?: { type: string; address: string }[] }).addresses ?? []).find(
    (a) => a.type === "InternalIP",
  )?.address ?? "";

interface PodInit {
  name: string;
  app: string;
  image: string;
  owner: { kind: string; name: string };
  host: PodHost | undefined;
  createdAtMs: number;
  hostNetwork: boolean;
  now: number;
}

/** One v1 Pod: Running and Ready once its node is, ContainerCreating on a node that is not yet. */
function pod(init: PodInit): KubeObject {
  const { host, now } = init;
  const running = host !== undefined && now >= host.readyAtMs;
  const startedAtMs = host ? Math.max(host.readyAtMs, init.createdAtMs) : init.createdAtMs;
  // Host-network pods share the node's IP; the others get a made-up pod-CIDR address.
  const podIp = () => {
    const [a = 0, b = 0] = createHash("sha256").update(init.name).digest();
    return `10.244.${a}.${(b % 250) + 2}`;
  };
  const ip = host ? (init.hostNetwork ? nodeIp(host.node) : podIp()) : undefined;
  const condition = (type: string, ok: boolean) => ({
    type,
    status: ok ? "True" : "False",
    lastTransitionTime: iso(ok ? startedAtMs : init.createdAtMs),
  });
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: init.name,
      namespace: "kube-system",
      uid: uidOf(`pod|${init.name}`),
      resourceVersion: String(running ? startedAtMs : init.createdAtMs),
      creationTimestamp: iso(init.createdAtMs),
      labels: { "k8s-app": init.app, "kubernetes.azure.com/managedby": "aks" },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: init.owner.kind,
          name: init.owner.name,
          uid: uidOf(`owner|${init.owner.name}`),
          controller: true,
        },
      ],
    },
    spec: {
      ...(host ? { nodeName: host.node.metadata.name } : {}),
      containers: [{ name: init.app, image: init.image }],
      priorityClassName: "system-node-critical",
      hostNetwork: init.hostNetwork,
    },
    status: {
      phase: running ? "Running" : "Pending",
      conditions: [
        condition("PodScheduled", host !== undefined),
        condition("Initialized", running),
        condition("ContainersReady", running),
        condition("Ready", running),
      ],
      ...(host ? { hostIP: nodeIp(host.node), podIP: ip, podIPs: [{ ip }], startTime: iso(init.createdAtMs) } : {}),
      containerStatuses: [
        {
          name: init.app,
          image: init.image,
          imageID: "",
          ready: running,
          started: running,
          restartCount: 0,
          state: running
            ? { running: { startedAt: iso(startedAtMs) } }
            : { waiting: { reason: host ? "ContainerCreating" : "Unschedulable" } },
        },
      ],
    },
  };
}

/** The kube-system pods of an AKS cluster: add-on Deployments on system nodes, DaemonSets on every node. */
export function systemPods(input: SystemPodsInput): KubeObject[] {
  const hosts = [...input.hosts].sort((a, b) => a.node.metadata.name.localeCompare(b.node.metadata.name));
  const systemHosts = hosts.filter((h) => h.system);
  const pods: KubeObject[] = [];
  for (const d of DEPLOYMENTS) {
    const replicaSet = `${d.name}-${suffix(`${input.clusterId}|${d.name}`, 10)}`;
    for (let i = 0; i < d.replicas; i++) {
      const host = systemHosts.length ? systemHosts[i % systemHosts.length] : undefined;
      pods.push(
        pod({
          name: `${replicaSet}-${suffix(`${input.clusterId}|${d.name}|${i}`, 5)}`,
          app: d.app,
          image: d.image,
          owner: { kind: "ReplicaSet", name: replicaSet },
          host,
          createdAtMs: Math.max(input.controlPlaneReadyAtMs, host?.createdAtMs ?? 0),
          hostNetwork: false,
          now: input.now,
        }),
      );
    }
  }
  for (const ds of DAEMONSETS) {
    if (ds.azureCniOnly && input.networkPlugin !== "azure") continue;
    for (const host of hosts) {
      pods.push(
        pod({
          name: `${ds.name}-${suffix(`${host.node.metadata.name}|${ds.name}`, 5)}`,
          app: ds.app,
          image: ds.image,
          owner: { kind: "DaemonSet", name: ds.name },
          host,
          createdAtMs: host.createdAtMs,
          hostNetwork: true,
          now: input.now,
        }),
      );
    }
  }
  return pods;
}
