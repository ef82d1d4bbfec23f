import { header, type Reply, type RequestContext } from "../http/context.js";
import type { Frontend } from "../http/pipeline.js";
import { CLUSTER_TYPE, type ClusterInternal, poolsOf, type SimNode } from "../providers/aks/clusterModel.js";
import { props } from "../providers/common.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { nodeObject } from "./nodeObject.js";

const PREFIX = "/k8s/";

/**
 * The Kubernetes API of every cluster, under `/k8s/{resourceUID}` on the sandbox port (the kubeconfig's
 * `server`): /readyz, /livez, /healthz, /version, /api/v1/nodes[/{name}]. Bearer tokens are the
 * kubeconfig's; a stopped cluster's API server is unavailable (503).
 */
export function kubeApi(services: ArmServices): Frontend {
  return {
    owns: (lowerPath) => lowerPath.startsWith(PREFIX),
    handle: (ctx) => serve(ctx, services),
  };
}

function status(code: number, reason: string, message: string): Reply {
  return {
    status: code,
    body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code },
  };
}

function findCluster(services: ArmServices, uid: string): StoredResource | undefined {
  return services.store.listResources({ type: CLUSTER_TYPE }).find((c) => String(props(c.body).resourceUID) === uid);
}

function serve(ctx: RequestContext, services: ArmServices): Reply {
  const [, uid = "", ...rest] = ctx.segments;
  const cluster = findCluster(services, uid);
  if (!cluster || props(cluster.body).provisioningState === "Deleting")
    return status(404, "NotFound", "the server could not find the requested resource");
  const internal = cluster.internal as ClusterInternal;
  const token = header(ctx, "authorization")?.replace(/^bearer\s+/i, "");
  if (token !== internal.userToken && token !== internal.adminToken) return status(401, "Unauthorized", "Unauthorized");
  const now = services.clock.now();
  const p = props(cluster.body);
  const running =
    (p.powerState as { code?: string } | undefined)?.code !== "Stopped" && p.provisioningState !== "Stopping";
  if (!running) return status(503, "ServiceUnavailable", "the API server of a stopped cluster is unavailable");
  const controlPlaneReady = now >= internal.controlPlaneReadyAtMs;
  const path = rest.join("/");
  if (path === "readyz" || path === "livez" || path === "healthz") {
    return controlPlaneReady
      ? { status: 200, text: "ok" }
      : { status: 500, text: "[-]etcd failed: reason withheld\nreadyz check failed" };
  }
  if (!controlPlaneReady) return status(503, "ServiceUnavailable", "the control plane is still starting");
  const version = String(p.currentKubernetesVersion);
  if (path === "version") {
    const [major, minor] = version.split(".");
    return {
      status: 200,
      body: {
        major,
        minor,
        gitVersion: `v${version}`,
        gitCommit: "0000000000000000000000000000000000000000",
        gitTreeState: "clean",
        buildDate: "2025-01-01T00:00:00Z",
        goVersion: "go1.22.8",
        compiler: "gc",
        platform: "linux/amd64",
      },
    };
  }
  const nodes = poolsOf(services.store, cluster).flatMap((pool) =>
    ((pool.internal.nodes as SimNode[] | undefined) ?? []).map((node) =>
      nodeObject({ cluster, pool, node, now, version }),
    ),
  );
  if (path === "api/v1/nodes") {
    const selector = ctx.query.get("labelSelector");
    const items = selector ? nodes.filter((n) => matchesSelector(n.metadata.labels, selector)) : nodes;
    return {
      status: 200,
      body: { kind: "NodeList", apiVersion: "v1", metadata: { resourceVersion: String(now) }, items },
    };
  }
  const single = /^api\/v1\/nodes\/([^/]+)$/.exec(path);
  if (single) {
    const node = nodes.find((n) => n.metadata.name === single[1]);
    return node ? { status: 200, body: node } : status(404, "NotFound", `nodes "${single[1]}" not found`);
  }
  return status(404, "NotFound", "the server could not find the requested resource");
}

/** Equality-based label selectors (`k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated), as kubectl sends them. */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector
    .split(",")
    .map((term) => term.trim())
    .filter(Boolean)
    .every((term) => {
      const notEqual = /^([^!=]+)!=(.*)$/.exec(term);
      if (notEqual) return labels[notEqual[1]?.trim() ?? ""] !== notEqual[2]?.trim();
      const equal = /^([^!=]+)==?(.*)$/.exec(term);
      if (equal) return labels[equal[1]?.trim() ?? ""] === equal[2]?.trim();
      if (term.startsWith("!")) return !(term.slice(1) in labels);
      return term in labels;
    });
}
