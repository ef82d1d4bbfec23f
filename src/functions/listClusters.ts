import { RestError } from "@azure/data-tables";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { type ClusterPage, InvalidContinuationTokenError } from "../activities/clusterTable.js";
import { API_ROUTE_PREFIX, apiRoutes, type ClusterRow, parseClusterListQuery } from "../request/index.js";
import { apiError } from "./http/apiError.js";
import { getServices } from "./services.js";

/**
 * `GET /api/clusters`: the registry, filtered by `state`, `owner`, `resourceGroup`, one page of at most `top`
 * rows; `nextLink` (ARM's paging) repeats the query with the table's continuation token while more may follow.
 * A row holds ids, names, states and times only: nothing secret is stored, so nothing is hidden.
 */
export async function listClusters(req: HttpRequest): Promise<HttpResponseInit> {
  const parsed = parseClusterListQuery((name) => req.query.get(name));
  if (!parsed.ok) return invalid(parsed.problems);
  const { filter, top, continuationToken } = parsed.query;
  let page: ClusterPage;
  try {
    page = await getServices().clusterTable.list(filter, {
      maxPageSize: top,
      ...(continuationToken ? { continuationToken } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidContinuationTokenError)
      return invalid([{ path: "continuationToken", code: "InvalidContinuationToken", message: error.message }]);
    // Storage unreachable or failing: worth a retry, like an Azure dependency that is down.
    if (error instanceof RestError && (error.statusCode === undefined || error.statusCode >= 500))
      return apiError(503, "RegistryUnavailable", "the cluster registry cannot be read now", {
        headers: { "retry-after": "10" },
      });
    throw error;
  }
  const origin = new URL(req.url).origin;
  const value = page.rows.map((row) => ({ ...row, links: { status: statusUrl(origin, row) } }));
  return {
    status: 200,
    jsonBody: { value, ...(page.continuationToken ? { nextLink: nextLink(req, page.continuationToken) } : {}) },
  };
}

function invalid(problems: { path: string; code: string; message: string }[]): HttpResponseInit {
  const n = problems.length;
  return apiError(400, "InvalidRequest", `the query has ${n} problem${n === 1 ? "" : "s"}`, { details: problems });
}

function statusUrl(origin: string, row: ClusterRow): string {
  const route = apiRoutes.getClusterStatus.route.replace("{requestId}", encodeURIComponent(row.requestId));
  return `${origin}/${API_ROUTE_PREFIX}/${route}`;
}

// The same URL with the token replaced; the function key (`code`) stays when the caller sent it in the query.
function nextLink(req: HttpRequest, token: string): string {
  const url = new URL(req.url);
  url.searchParams.set("continuationToken", token);
  return url.toString();
}
