import type { HttpRequest } from "@azure/functions";
import { API_ROUTE_PREFIX, apiRoutes } from "../../request/index.js";

/** The status and operation URLs of a request, on the origin the caller reached us at. */
export function clusterLinks(req: HttpRequest, requestId: string): { status: string; operation: string } {
  return clusterLinksAt(new URL(req.url).origin, requestId);
}

/** The status and operation URLs of a request on `origin` (the queue's answers use the app's own host name). */
export function clusterLinksAt(origin: string, requestId: string): { status: string; operation: string } {
  const at = (route: string) =>
    `${origin}/${API_ROUTE_PREFIX}/${route.replace("{requestId}", encodeURIComponent(requestId))}`;
  return { status: at(apiRoutes.getClusterStatus.route), operation: at(apiRoutes.getClusterOperation.route) };
}
