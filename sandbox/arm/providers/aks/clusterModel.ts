import { createHash, randomBytes } from "node:crypto";
import type { ArmStore, StoredResource } from "../../store/armStore.js";
import { resourceKey } from "../../store/armStore.js";
import { clone, props } from "../common.js";

/** Type of a managed cluster. */
export const CLUSTER_TYPE = "Microsoft.ContainerService/managedClusters";
/** Type of an agent pool (child of a managed cluster). */
export const POOL_TYPE = "Microsoft.ContainerService/managedClusters/agentPools";

/** A node of a pool's scale set, as the sandbox tracks it. */
export interface SimNode {
  name: string;
  index: number;
  zone: string | undefined;
  readyAtMs: number;
  createdAtMs: number;
}

/** Sandbox-only state of a cluster. */
export interface ClusterInternal {
  [key: string]: unknown;
  userToken: string;
  adminToken: string;
  vmssHash: string;
  controlPlaneReadyAtMs: number;
}

/** Stable 8-digit VMSS number from the cluster id (real AKS hashes too; the algorithm is unknown). */
export function vmssHash(clusterId: string): string {
  const n = createHash("sha256").update(clusterId.toLowerCase()).digest().readUInt32BE(0) % 100_000_000;
  return String(n).padStart(8, "0");
}

/** FQDN `{dnsPrefix}-{8 lowercase alphanumerics}.hcp.{location}.azmk8s.io`. */
export function clusterFqdn(dnsPrefix: string, clusterId: string, location: string): { fqdn: string; portal: string } {
  const suffix = createHash("sha256").update(`fqdn|${clusterId.toLowerCase()}`).digest("hex").slice(0, 8);
  return {
    fqdn: `${dnsPrefix.toLowerCase()}-${suffix}.hcp.${location}.azmk8s.io`,
    portal: `${dnsPrefix.toLowerCase()}-${suffix}.portal.hcp.${location}.azmk8s.io`,
  };
}

/** `MC_{rg}_{cluster}_{location}` truncated to ARM's 80 characters. */
export function nodeResourceGroupName(rg: string, cluster: string, location: string): string {
  return `MC_${rg}_${cluster}_${location}`.slice(0, 80);
}

/** New random tokens and hash for a cluster's Kubernetes API. */
export function newClusterInternal(clusterId: string, controlPlaneReadyAtMs: number): ClusterInternal {
  return {
    userToken: randomBytes(32).toString("hex"),
    adminToken: randomBytes(32).toString("hex"),
    vmssHash: vmssHash(clusterId),
    controlPlaneReadyAtMs,
  };
}

/** Child pool records of a cluster, in creation order. */
export function poolsOf(store: ArmStore, cluster: StoredResource): StoredResource[] {
  return store.listResources({ parentKey: resourceKey(cluster.id), type: POOL_TYPE });
}

/** The cluster body with `agentPoolProfiles` composed from its pool resources (pools made either way appear). */
export function clusterView(store: ArmStore, cluster: StoredResource): Record<string, unknown> {
  const body = clone(cluster.body) as Record<string, unknown>;
  props(body).agentPoolProfiles = poolsOf(store, cluster).map((p) => ({ name: p.body.name, ...clone(props(p.body)) }));
  return body;
}

/** When the nodes a pool write brings up exist and turn Ready. */
export interface NodeTiming {
  createdAtMs: number;
  readyAtMs: number;
  /** The pool starts again: its kept (deallocated) instances turn Ready `readyAtMs` too. */
  restarted?: boolean;
  /** The last `count` of the nodes brought up turn Ready `extraMs` later (settings.lateNodes). */
  late?: { count: number; extraMs: number } | undefined;
}

/**
 * Node records for a pool of `count` nodes: scale up appends, scale down trims from the end. A
 * stopped pool keeps its (deallocated) instances, which come back under the same names on start.
 */
export function reconcileNodes(pool: StoredResource, hash: string, timing: NodeTiming): void {
  const p = props(pool.body);
  if ((p.powerState as { code?: string } | undefined)?.code === "Stopped") return;
  const count = Number(p.count ?? 0);
  const kept = ((pool.internal.nodes as SimNode[] | undefined) ?? []).slice(0, count);
  const nodes = timing.restarted ? kept.map((n) => ({ ...n, readyAtMs: timing.readyAtMs })) : kept;
  const firstNew = timing.restarted ? 0 : nodes.length;
  let next = Number(pool.internal.nextIndex ?? 0);
  const zones = (p.availabilityZones as string[] | undefined) ?? [];
  while (nodes.length < count) {
    const index = next++;
    nodes.push({
      name: `aks-${String(pool.body.name)}-${hash}-vmss${index.toString(36).padStart(6, "0")}`,
      index,
      zone: zones.length ? zones[index % zones.length] : undefined,
      readyAtMs: timing.readyAtMs,
      createdAtMs: timing.createdAtMs,
    });
  }
  const late = timing.late;
  if (late && late.count > 0) {
    const broughtUp = nodes.slice(firstNew);
    for (const node of broughtUp.slice(Math.max(0, broughtUp.length - late.count))) node.readyAtMs += late.extraMs;
  }
  pool.internal.nodes = nodes;
  pool.internal.nextIndex = next;
}

/** `oidcIssuerProfile` with an issuer URL when enabled. */
export function oidc(input: unknown, location: string, id: string): Record<string, unknown> {
  const enabled = (input as { enabled?: boolean } | undefined)?.enabled === true;
  return enabled
    ? {
        enabled,
        issuerURL: `https://${location}.oic.prod-aks.azure.com/${id.split("/")[2]}/${id.length.toString(16)}/`,
      }
    : { enabled: false };
}
