import { createHash } from "node:crypto";
import type { SimNode } from "../providers/aks/clusterModel.js";
import { props } from "../providers/common.js";
import { vcpusOf } from "../providers/quota.js";
import type { StoredResource } from "../store/armStore.js";

/** A v1 Node as the API server would serve it for one VMSS instance. */
export function nodeObject(init: {
  cluster: StoredResource;
  pool: StoredResource;
  node: SimNode;
  now: number;
  version: string;
}) {
  const { cluster, pool, node, now } = init;
  const p = props(pool.body);
  const cp = props(cluster.body);
  const location = String(cluster.body.location);
  const ready = now >= node.readyAtMs;
  const poolName = String(pool.body.name);
  const hash = createHash("sha256").update(node.name).digest("hex");
  const uid = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  const labels: Record<string, string> = {
    agentpool: poolName,
    "kubernetes.azure.com/agentpool": poolName,
    "kubernetes.azure.com/mode": String(p.mode ?? "User").toLowerCase(),
    "kubernetes.azure.com/cluster": String(cp.nodeResourceGroup),
    "kubernetes.azure.com/role": "agent",
    "kubernetes.io/os": String(p.osType ?? "Linux").toLowerCase(),
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": node.name,
    "kubernetes.io/role": "agent",
    "node.kubernetes.io/instance-type": String(p.vmSize),
    "topology.kubernetes.io/region": location,
    "topology.kubernetes.io/zone": node.zone ? `${location}-${node.zone}` : "0",
    ...((p.nodeLabels as Record<string, string> | undefined) ?? {}),
  };
  const taints = ((p.nodeTaints as string[] | undefined) ?? []).map((t) => {
    const [kv = "", effect = "NoSchedule"] = t.split(":");
    const [key = "", value] = kv.split("=");
    return value === undefined ? { key, effect } : { key, value, effect };
  });
  if (!ready) taints.push({ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" });
  const created = new Date(node.createdAtMs).toISOString();
  const readyTransition = new Date(ready ? node.readyAtMs : node.createdAtMs).toISOString();
  const cpu = String(vcpusOf(String(p.vmSize)));
  const ip = `10.224.${Math.floor(node.index / 250)}.${(node.index % 250) + 4}`;
  return {
    apiVersion: "v1",
    kind: "Node",
    // The version changes only when the node does (it turns Ready), so a watch can tell what changed.
    metadata: {
      name: node.name,
      uid,
      resourceVersion: String(ready ? node.readyAtMs : node.createdAtMs),
      creationTimestamp: created,
      labels,
    },
    spec: {
      providerID: `azure:///subscriptions/${cluster.subscriptionId}/resourceGroups/${String(cp.nodeResourceGroup).toLowerCase()}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${poolName}-${String(cluster.internal.vmssHash)}-vmss/virtualMachines/${node.index}`,
      ...(taints.length ? { taints } : {}),
    },
    status: {
      conditions: [
        {
          type: "MemoryPressure",
          status: "False",
          reason: "KubeletHasSufficientMemory",
          message: "kubelet has sufficient memory available",
          lastHeartbeatTime: new Date(now).toISOString(),
          lastTransitionTime: created,
        },
        {
          type: "DiskPressure",
          status: "False",
          reason: "KubeletHasNoDiskPressure",
          message: "kubelet has no disk pressure",
          lastHeartbeatTime: new Date(now).toISOString(),
          lastTransitionTime: created,
        },
        {
          type: "Ready",
          status: ready ? "True" : "False",
          reason: ready ? "KubeletReady" : "KubeletNotReady",
          message: ready
            ? "kubelet is posting ready status"
            : "container runtime network not ready: NetworkReady=false",
          lastHeartbeatTime: new Date(now).toISOString(),
          lastTransitionTime: readyTransition,
        },
      ],
      addresses: [
        { type: "InternalIP", address: ip },
        { type: "Hostname", address: node.name },
      ],
      capacity: { cpu, memory: `${Number(cpu) * 4}Gi`, pods: String(p.maxPods ?? 110) },
      allocatable: {
        cpu: `${Number(cpu) * 1000 - 140}m`,
        memory: `${Number(cpu) * 4 - 1}Gi`,
        pods: String(p.maxPods ?? 110),
      },
      nodeInfo: {
        kubeletVersion: `v${init.version}`,
        kubeProxyVersion: `v${init.version}`,
        osImage: "Ubuntu 22.04.5 LTS",
        kernelVersion: "5.15.0-1074-azure",
        containerRuntimeVersion: "containerd://1.7.23-1",
        operatingSystem: "linux",
        architecture: "amd64",
        machineID: hash.slice(0, 32),
        systemUUID: uid,
        bootID: uid,
      },
    },
  };
}
