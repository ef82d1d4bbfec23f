import { randomUUID } from "node:crypto";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type * as df from "durable-functions";
import { clusterLinks } from "./http/clusterLinks.js";
import { readOptionalJsonBody } from "./http/readOptionalJsonBody.js";
import { refusalResponse } from "./http/refusalResponse.js";
import { findOperationTarget, type OperationOutcome, type OperationStart, startOnTarget } from "./operationIntake.js";
import { operationLink } from "./operationLinks.js";
import { getServices } from "./services.js";

/**
 * A day-2 operation's HTTP start: `operationIntake` answered over HTTP. 404 for an unknown request id, 409 while
 * anything runs on the cluster (naming it) or when it was never provisioned or was deprovisioned, then the body
 * (415/413/400 as it cannot be read, 400 with every problem), else 202 with the operation URL under a new id.
 */
export function startOperation(options: OperationStart) {
  return async (req: HttpRequest, client: df.DurableClient): Promise<HttpResponseInit> => {
    const requestId = req.params.requestId ?? "";
    const found = await findOperationTarget(client, requestId, options);
    if (!found.ok) return outcomeResponse(found.outcome);
    const body = await readOptionalJsonBody(req);
    if (!body.ok) return body.response;
    const params = req.params as Record<string, string>;
    const outcome = await startOnTarget(client, found.target, options, {
      requestId,
      operationId: randomUUID(),
      params,
      body: body.value,
    });
    if (outcome.kind === "refused") return refusalResponse(outcome.refusal);
    const { operationId, instanceId } = outcome;
    const operationUrl = operationLink(req, requestId, operationId);
    return {
      status: 202,
      headers: {
        location: operationUrl,
        "retry-after": String(Math.max(1, Math.ceil(getServices().config.limits.pollIntervalSeconds))),
      },
      jsonBody: {
        requestId,
        operationId,
        kind: options.kind,
        instanceId,
        statusUrl: clusterLinks(req, requestId).status,
        operationUrl,
      },
    };
  };
}

// Without an operation id to look for, the checks before the body only refuse.
function outcomeResponse(outcome: OperationOutcome): HttpResponseInit {
  if (outcome.kind !== "refused") throw new Error(`unexpected ${outcome.kind} outcome`);
  return refusalResponse(outcome.refusal);
}
