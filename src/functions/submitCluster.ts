import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type * as df from "durable-functions";
import { clusterLinks } from "./http/clusterLinks.js";
import { readJsonBody } from "./http/readJsonBody.js";
import { refusalResponse } from "./http/refusalResponse.js";
import { hasEnded, statusView } from "./http/statusView.js";
import { provisionIntake } from "./provisionIntake.js";
import { getServices } from "./services.js";

/**
 * `POST /api/clusters`: `provisionIntake` answered over HTTP. 202 with the operation URL for a run started now or
 * still running, 200 with the final status of one that ended, 400 / 409 for a refusal.
 */
export async function submitCluster(
  req: HttpRequest,
  client: df.DurableClient,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const outcome = await provisionIntake(body.value, client);
  if (outcome.kind === "refused") return refusalResponse(outcome.refusal);
  const links = clusterLinks(req, outcome.requestId);
  if (outcome.kind === "started")
    context.log(`started ${outcome.instanceId} (${outcome.plan.stages.flatMap((s) => s.branches).length} steps)`);
  if (outcome.kind === "existing" && hasEnded(outcome.run)) {
    return { status: 200, jsonBody: statusView(outcome.run, links) };
  }
  const pollSeconds = getServices().config.limits.pollIntervalSeconds;
  return {
    status: 202,
    headers: { location: links.operation, "retry-after": String(Math.max(1, Math.ceil(pollSeconds))) },
    jsonBody: {
      requestId: outcome.requestId,
      instanceId: outcome.instanceId,
      statusUrl: links.status,
      operationUrl: links.operation,
    },
  };
}
