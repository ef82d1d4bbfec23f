import type { Reply } from "../http/context.js";

/** A resource the per-cluster API serves (all in the core group `v1`, read-only). */
export interface KubeResource {
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories?: string[];
}

/** What `kubectl get nodes|namespaces|pods` and `kubectl wait … nodes` read. */
export const CORE_RESOURCES: KubeResource[] = [
  { name: "namespaces", singularName: "namespace", kind: "Namespace", namespaced: false, shortNames: ["ns"] },
  { name: "nodes", singularName: "node", kind: "Node", namespaced: false, shortNames: ["no"] },
  { name: "pods", singularName: "pod", kind: "Pod", namespaced: true, shortNames: ["po"], categories: ["all"] },
];

const VERBS = ["get", "list", "watch"];
const DISCOVERY_GROUP = "apidiscovery.k8s.io";

/**
 * The aggregated discovery version the client asked for, if any: kubectl (client-go ≥ 1.26) sends
 * `Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…;v=v2beta1…,application/json`
 * and reads the answer's Content-Type to know which form it got; the first acceptable range wins.
 */
export function aggregatedVersion(accept: string | undefined): "v2" | "v2beta1" | undefined {
  for (const range of (accept ?? "").split(",")) {
    const params = new Map(
      range
        .split(";")
        .slice(1)
        .map((p) => p.trim().split("=") as [string, string]),
    );
    if (params.get("g") !== DISCOVERY_GROUP || params.get("as") !== "APIGroupDiscoveryList") continue;
    const v = params.get("v");
    if (v === "v2" || v === "v2beta1") return v;
  }
  return undefined;
}

function aggregated(version: "v2" | "v2beta1", items: unknown[]): Reply {
  return {
    status: 200,
    headers: { "Content-Type": `application/json;g=${DISCOVERY_GROUP};v=${version};as=APIGroupDiscoveryList` },
    body: { kind: "APIGroupDiscoveryList", apiVersion: `${DISCOVERY_GROUP}/${version}`, metadata: {}, items },
  };
}

/** `GET /api`: the legacy `APIVersions`, or the core group in aggregated form. */
export function coreDiscovery(accept: string | undefined, serverAddress: string): Reply {
  const version = aggregatedVersion(accept);
  if (version) {
    const resources = CORE_RESOURCES.map((r) => ({
      resource: r.name,
      responseKind: { group: "", version: "v1", kind: r.kind },
      scope: r.namespaced ? "Namespaced" : "Cluster",
      singularResource: r.singularName,
      verbs: VERBS,
      shortNames: r.shortNames,
      ...(r.categories ? { categories: r.categories } : {}),
    }));
    return aggregated(version, [
      { metadata: { creationTimestamp: null }, versions: [{ version: "v1", resources, freshness: "Current" }] },
    ]);
  }
  return {
    status: 200,
    body: {
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
    },
  };
}

/** `GET /apis`: no named groups are served, in the form asked for. */
export function groupDiscovery(accept: string | undefined): Reply {
  const version = aggregatedVersion(accept);
  if (version) return aggregated(version, []);
  return { status: 200, body: { kind: "APIGroupList", apiVersion: "v1", groups: [] } };
}

/** `GET /api/v1`: the legacy `APIResourceList` of the core group. */
export function coreResourceList(): Reply {
  return {
    status: 200,
    body: {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: "v1",
      resources: CORE_RESOURCES.map((r) => ({
        name: r.name,
        singularName: r.singularName,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
        shortNames: r.shortNames,
        ...(r.categories ? { categories: r.categories } : {}),
      })),
    },
  };
}
