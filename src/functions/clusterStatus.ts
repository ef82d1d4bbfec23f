import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type * as df from "durable-functions";
import { findCluster, operationsOf } from "./clusterRecord.js";
import { apiError } from "./http/apiError.js";
import { clusterLinks } from "./http/clusterLinks.js";
import { hasEnded, statusView } from "./http/statusView.js";
import { getServices } from "./services.js";

/** `GET /api/clusters/{requestId}`: where the provisioning stands, always 200 (404 for an unknown id). */
export async function getClusterStatus(req: HttpRequest, client: df.DurableClient): Promise<HttpResponseInit> {
  const found = await lookUp(req, client);
  return "response" in found ? found.response : { status: 200, jsonBody: found.view };
}

/**
 * `GET /api/clusters/{requestId}/operation`: Azure's asynchronous request-reply — 202 with Retry-After and a
 * Location (itself) while the run goes on, 200 with the final status when it has ended, so a workflow tool's
 * HTTP action waits for completion with no polling code.
 */
export async function getClusterOperation(req: HttpRequest, client: df.DurableClient): Promise<HttpResponseInit> {
  const found = await lookUp(req, client);
  if ("response" in found) return found.response;
  if (found.ended) return { status: 200, jsonBody: found.view };
  const retryAfter = String(Math.max(1, Math.ceil(getServices().config.limits.pollIntervalSeconds)));
  return {
    status: 202,
    headers: { location: found.view.links.operation, "retry-after": retryAfter },
    jsonBody: found.view,
  };
}

type LookUp = { response: HttpResponseInit } | { view: ReturnType<typeof statusView>; ended: boolean };

async function lookUp(req: HttpRequest, client: df.DurableClient): Promise<LookUp> {
  const requestId = req.params.requestId ?? "";
  const record = await findCluster(client, requestId);
  if (!record) return { response: apiError(404, "NotFound", `no provisioning for request ${requestId}`) };
  const view = statusView(record.provisioning, clusterLinks(req, requestId));
  const operations = operationsOf(record);
  if (operations.length === 0) return { view, ended: hasEnded(record.provisioning) };
  // The pools as the newest scale or pool add/remove left them: the provisioning's outputs show them as created.
  const pools = operations.find((o) => o.pools)?.pools;
  const listed = operations.map(({ pools: _, ...o }) => o);
  return {
    view: { ...view, operations: listed, ...(pools ? { pools } : {}) },
    ended: hasEnded(record.provisioning),
  };
}
