import type { HttpRequest } from "@azure/functions";
import { API_ROUTE_PREFIX, apiRoutes } from "../request/index.js";

/** The URL of one day-2 operation of a request, on the origin the caller reached us at. */
export function operationLink(req: HttpRequest, requestId: string, operationId: string): string {
  return operationLinkAt(new URL(req.url).origin, requestId, operationId);
}

/** The URL of one day-2 operation of a request on `origin`. */
export function operationLinkAt(origin: string, requestId: string, operationId: string): string {
  const path = apiRoutes.getClusterOperationById.route
    .replace("{requestId}", encodeURIComponent(requestId))
    .replace("{operationId}", encodeURIComponent(operationId));
  return `${origin}/${API_ROUTE_PREFIX}/${path}`;
}
