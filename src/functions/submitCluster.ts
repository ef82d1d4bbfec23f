import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type * as df from "durable-functions";
import { PROVISION } from "../orchestrators/provision.js";
import { type ProvisionInput, provisionInstanceId } from "../orchestrators/provisionInput.js";
import { findRun } from "./findRun.js";
import { apiError } from "./http/apiError.js";
import { clusterLinks } from "./http/clusterLinks.js";
import { readJsonBody } from "./http/readJsonBody.js";
import { hasEnded, statusView } from "./http/statusView.js";
import { intake, provisionInputOf } from "./intake.js";
import { getServices } from "./services.js";

/**
 * `POST /api/clusters`: validate, then start the provisioning under an instance id derived from the request id.
 * The same id with the same body returns the existing run and starts nothing; with another body it is 409.
 */
export async function submitCluster(
  req: HttpRequest,
  client: df.DurableClient,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const { config } = getServices();
  const checked = intake(body.value, config);
  if (!checked.ok) {
    const n = checked.problems.length;
    return apiError(400, "InvalidRequest", `the request has ${n} problem${n === 1 ? "" : "s"}`, {
      details: checked.problems,
    });
  }
  const { request, plan, specHash } = checked.accepted;
  const instanceId = provisionInstanceId(request.requestId);
  const links = clusterLinks(req, request.requestId);
  const input = provisionInputOf(checked.accepted, config);
  // Look first: starting an id that already ran would start it again.
  let existing = await findRun(client, instanceId);
  if (!existing) {
    try {
      await client.startNew(PROVISION, { instanceId, input });
      context.log(`started ${instanceId} (${plan.stages.flatMap((s) => s.branches).length} steps)`);
      return accepted(request.requestId, instanceId, links, config.limits.pollIntervalSeconds);
    } catch (error) {
      // A concurrent submit of the same id won the start: answer as for a repeat.
      existing = await findRun(client, instanceId);
      if (!existing) throw error;
    }
  }
  const previous = existing.input as ProvisionInput | undefined;
  if (previous?.specHash !== specHash) {
    return apiError(
      409,
      "RequestIdInUse",
      `request ${request.requestId} was already submitted with a different body (run ${instanceId}, ${existing.runtimeStatus}); send a new request id for a different cluster`,
      { target: instanceId },
    );
  }
  if (hasEnded(existing)) return { status: 200, jsonBody: statusView(existing, links) };
  return accepted(request.requestId, instanceId, links, config.limits.pollIntervalSeconds);
}

function accepted(
  requestId: string,
  instanceId: string,
  links: { status: string; operation: string },
  pollSeconds: number,
): HttpResponseInit {
  return {
    status: 202,
    headers: { location: links.operation, "retry-after": String(Math.max(1, Math.ceil(pollSeconds))) },
    jsonBody: { requestId, instanceId, statusUrl: links.status, operationUrl: links.operation },
  };
}
