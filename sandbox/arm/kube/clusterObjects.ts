import { poolsOf, type SimNode } from "../providers/aks/clusterModel.js";
import { props } from "../providers/common.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { isoTime, type KubeObject, uidOf } from "./kubeObject.js";
import { nodeObject } from "./nodeObject.js";
import { type PodHost, systemPods } from "./systemPods.js";

/** What a cluster's API server holds at one sandbox instant, computed from the ARM state. */
export interface ClusterObjects {
  nodes: KubeObject[];
  pods: KubeObject[];
  namespaces: KubeObject[];
}

const NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];

function namespaceObject(cluster: StoredResource, name: string, createdAtMs: number): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name,
      uid: uidOf(`namespace|${cluster.id}|${name}`),
      resourceVersion: String(createdAtMs),
      creationTimestamp: isoTime(createdAtMs),
      labels: { "kubernetes.io/metadata.name": name },
    },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
}

/** Nodes of every pool (one per VMSS instance), the kube-system pods on them, and the built-in namespaces. */
export function clusterObjects(services: ArmServices, cluster: StoredResource, now: number): ClusterObjects {
  const p = props(cluster.body);
  const version = String(p.currentKubernetesVersion);
  const hosts: PodHost[] = poolsOf(services.store, cluster).flatMap((pool) =>
    ((pool.internal.nodes as SimNode[] | undefined) ?? []).map((node) => ({
      node: nodeObject({ cluster, pool, node, now, version }),
      readyAtMs: node.readyAtMs,
      createdAtMs: node.createdAtMs,
      system: props(pool.body).mode === "System",
    })),
  );
  const controlPlaneReadyAtMs = Number(cluster.internal.controlPlaneReadyAtMs);
  const networkProfile = p.networkProfile as { networkPlugin?: string } | undefined;
  return {
    nodes: hosts.map((h) => h.node),
    pods: systemPods({
      clusterId: cluster.id,
      hosts,
      now,
      networkPlugin: networkProfile?.networkPlugin ?? "kubenet",
      controlPlaneReadyAtMs,
    }),
    namespaces: NAMESPACES.map((name) => namespaceObject(cluster, name, controlPlaneReadyAtMs)),
  };
}
