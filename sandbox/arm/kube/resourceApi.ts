import type { Reply, RequestContext } from "../http/context.js";
import type { ClusterObjects } from "./clusterObjects.js";
import { CORE_RESOURCES } from "./discovery.js";
import type { KubeObject } from "./kubeObject.js";
import { selectObjects } from "./selectors.js";
import { toTable, wantsTable } from "./table.js";
import { watchReply } from "./watch.js";

/** A Kubernetes `Status` failure, as the API server answers errors. */
export function kubeStatus(code: number, reason: string, message: string, details?: Record<string, string>): Reply {
  return {
    status: code,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    },
  };
}

/** Reads the cluster's objects at the current sandbox instant, or undefined once its API server is gone. */
export type ObjectSource = () => { objects: ClusterObjects; now: number } | undefined;

const WATCH_POLL_MS = 200;
const LIST_KIND: Record<string, string> = { nodes: "NodeList", namespaces: "NamespaceList", pods: "PodList" };

/** The core resource a path names. */
export interface KubeTarget {
  resource: "nodes" | "namespaces" | "pods";
  namespace?: string;
  name?: string;
}

/** `api/v1/{nodes|namespaces|pods}[/{name}]` and `api/v1/namespaces/{ns}/pods[/{name}]`. */
export function targetOf(parts: string[]): KubeTarget | undefined {
  if (parts[0] !== "api" || parts[1] !== "v1") return undefined;
  const [, , first, second, third, fourth, ...rest] = parts;
  if (rest.length) return undefined;
  if (first === "namespaces" && second && third === "pods")
    return { resource: "pods", namespace: second, name: fourth };
  if (third !== undefined) return undefined;
  if (first === "pods") return second === undefined ? { resource: "pods" } : undefined;
  if (first === "nodes" || first === "namespaces") return { resource: first, name: second };
  return undefined;
}

function objectsOf(objects: ClusterObjects, target: KubeTarget): KubeObject[] {
  const all = objects[target.resource];
  return target.namespace ? all.filter((o) => o.metadata.namespace === target.namespace) : all;
}

/**
 * GET of the core resources: one object, a list (plain, or a Table when kubectl asks for one), or a
 * watch stream. Undefined when the path is not one of them.
 */
export function serveResource(ctx: RequestContext, parts: string[], source: ObjectSource): Reply | undefined {
  const target = targetOf(parts);
  if (!target) return undefined;
  const resource = CORE_RESOURCES.find((r) => r.name === target.resource);
  if (!resource) return undefined;
  if (ctx.method !== "GET")
    return kubeStatus(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`);
  const snapshot = source();
  if (!snapshot) return kubeStatus(503, "ServiceUnavailable", "the API server is unavailable");
  const accept = typeof ctx.headers.accept === "string" ? ctx.headers.accept : undefined;
  const rv = String(snapshot.now);
  const table = (items: KubeObject[]) => ({
    status: 200,
    headers: { "Content-Type": "application/json;as=Table;v=v1;g=meta.k8s.io" },
    body: toTable(resource.kind, items, snapshot.now, rv, ctx.query.get("includeObject")),
  });

  if (target.name !== undefined) {
    const found = objectsOf(snapshot.objects, target).find((o) => o.metadata.name === target.name);
    if (!found) {
      return kubeStatus(404, "NotFound", `${resource.name} "${target.name}" not found`, {
        name: target.name,
        kind: resource.name,
      });
    }
    return wantsTable(accept) ? table([found]) : { status: 200, body: found };
  }

  const select = (objects: ClusterObjects) => selectObjects(objectsOf(objects, target), ctx.query);
  const watch = ctx.query.get("watch");
  if (watch === "true" || watch === "1") {
    return watchReply({
      list: () => {
        const now = source();
        return now && select(now.objects);
      },
      resourceVersion: ctx.query.get("resourceVersion"),
      timeoutSeconds: Number(ctx.query.get("timeoutSeconds") ?? 1800) || 1800,
      pollMs: WATCH_POLL_MS,
    });
  }
  const items = select(snapshot.objects);
  if (wantsTable(accept)) return table(items);
  return {
    status: 200,
    body: { kind: LIST_KIND[resource.name], apiVersion: "v1", metadata: { resourceVersion: rv }, items },
  };
}
