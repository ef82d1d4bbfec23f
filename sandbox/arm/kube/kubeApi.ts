import { header, type Reply, type RequestContext } from "../http/context.js";
import type { Frontend } from "../http/pipeline.js";
import { CLUSTER_TYPE, type ClusterInternal } from "../providers/aks/clusterModel.js";
import { props } from "../providers/common.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { clusterObjects } from "./clusterObjects.js";
import { coreDiscovery, coreResourceList, groupDiscovery } from "./discovery.js";
import { authenticate, authorize } from "./kubeAuth.js";
import { kubeStatus, serveResource } from "./resourceApi.js";

const PREFIX = "/k8s/";

/**
 * The Kubernetes API of every cluster, under `/k8s/{resourceUID}` on the sandbox port (the kubeconfig's
 * `server`): health and version, discovery (`/api`, `/apis`, `/api/v1`, legacy and aggregated), and
 * read-only nodes, namespaces and pods (get, list, Table, watch) — what `kubectl get` and `kubectl wait`
 * use. Bearer tokens are the kubeconfig's static ones or, on a managed-Entra cluster, the sandbox identity
 * endpoint's for the AKS audience, authorized like AKS (`kubeAuth.ts`); a stopped cluster's API server is
 * unavailable (503).
 */
export function kubeApi(services: ArmServices): Frontend {
  return {
    owns: (lowerPath) => lowerPath.startsWith(PREFIX),
    handle: (ctx) => serve(ctx, services),
  };
}

function findCluster(services: ArmServices, uid: string): StoredResource | undefined {
  return services.store.listResources({ type: CLUSTER_TYPE }).find((c) => String(props(c.body).resourceUID) === uid);
}

function running(cluster: StoredResource): boolean {
  const p = props(cluster.body);
  return (p.powerState as { code?: string } | undefined)?.code !== "Stopped" && p.provisioningState !== "Stopping";
}

function serve(ctx: RequestContext, services: ArmServices): Reply {
  const [, uid = "", ...rest] = ctx.segments;
  const cluster = findCluster(services, uid);
  if (!cluster || props(cluster.body).provisioningState === "Deleting")
    return kubeStatus(404, "NotFound", "the server could not find the requested resource");
  const internal = cluster.internal as ClusterInternal;
  const caller = authenticate(ctx, services, cluster);
  if ("status" in caller) return caller;
  if (!running(cluster))
    return kubeStatus(503, "ServiceUnavailable", "the API server of a stopped cluster is unavailable");
  const now = services.clock.now();
  const controlPlaneReady = now >= internal.controlPlaneReadyAtMs;
  const path = rest.join("/");
  const refused = authorize(ctx, services, cluster, caller, rest);
  if (refused) return refused;
  if (path === "readyz" || path === "livez" || path === "healthz") {
    return controlPlaneReady
      ? { status: 200, text: "ok" }
      : { status: 500, text: "[-]etcd failed: reason withheld\nreadyz check failed" };
  }
  if (!controlPlaneReady) return kubeStatus(503, "ServiceUnavailable", "the control plane is still starting");
  if (path === "version")
    return { status: 200, body: versionInfo(String(props(cluster.body).currentKubernetesVersion)) };
  const accept = header(ctx, "accept");
  if (path === "api") return coreDiscovery(accept, header(ctx, "host") ?? "127.0.0.1:443");
  if (path === "apis") return groupDiscovery(accept);
  if (path === "api/v1") return coreResourceList();
  // A watch reads again later: the cluster may be stopped or deleted by then, and operations come due.
  const source = () => {
    services.engine.advance();
    const live = services.store.getResource(cluster.id);
    if (!live || props(live.body).provisioningState === "Deleting" || !running(live)) return undefined;
    const at = services.clock.now();
    return { objects: clusterObjects(services, live, at), now: at };
  };
  return (
    serveResource(ctx, rest, source) ?? kubeStatus(404, "NotFound", "the server could not find the requested resource")
  );
}

function versionInfo(version: string) {
  const [major, minor] = version.split(".");
  return {
    major,
    minor,
    gitVersion: `v${version}`,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2025-01-01T00:00:00Z",
    goVersion: "go1.22.8",
    compiler: "gc",
    platform: "linux/amd64",
  };
}
