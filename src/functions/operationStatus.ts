import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type * as df from "durable-functions";
import type { OperationInput } from "../orchestrators/operationInput.js";
import type { OperationStatus } from "../request/index.js";
import { findCluster } from "./clusterRecord.js";
import { apiError } from "./http/apiError.js";
import { eventsView } from "./http/eventsView.js";
import { hasEnded } from "./http/statusView.js";
import { getServices } from "./services.js";

/**
 * `GET /api/clusters/{requestId}/operations/{operationId}`: the operation as asynchronous request-reply — 202
 * with Retry-After while it runs, 200 with its final status; an older one answers with the summary its
 * cluster's lock keeps.
 */
export async function getClusterOperationById(req: HttpRequest, client: df.DurableClient): Promise<HttpResponseInit> {
  const requestId = req.params.requestId ?? "";
  const operationId = req.params.operationId ?? "";
  const record = await findCluster(client, requestId);
  const current = record?.operation;
  const input = current?.input as OperationInput | undefined;
  if (current && input?.operationId === operationId) {
    const view = operationView(current);
    if (hasEnded(current)) return { status: 200, jsonBody: view };
    const retryAfter = String(Math.max(1, Math.ceil(getServices().config.limits.pollIntervalSeconds)));
    return { status: 202, headers: { location: req.url, "retry-after": retryAfter }, jsonBody: view };
  }
  const past = record?.lock.history?.find((h) => h.operationId === operationId);
  if (past) return { status: 200, jsonBody: { requestId, ...past } };
  return apiError(404, "NotFound", `no operation ${operationId} for request ${requestId}`);
}

/** What the operation URL shows of the operations instance: its custom status while it runs, its output when done. */
export function operationView(run: df.DurableOrchestrationStatus): Record<string, unknown> {
  const input = run.input as OperationInput;
  const reported = (run.runtimeStatus === "Completed" ? run.output : run.customStatus) as
    | OperationStatus
    | null
    | undefined;
  const base = reported ?? {
    operationId: input.operationId,
    requestId: input.requestId,
    kind: input.kind,
    state: "accepted",
    steps: [],
  };
  const { created: _created, ...shown } = base as OperationStatus;
  const view: Record<string, unknown> = {
    ...shown,
    ...eventsView(shown.requestId, shown),
    instanceId: run.instanceId,
  };
  if (["Failed", "Terminated", "Canceled"].includes(run.runtimeStatus)) {
    view.state = "failed";
    view.failure ??= {
      step: input.kind,
      error: {
        code: run.runtimeStatus === "Failed" ? "OrchestrationFailed" : run.runtimeStatus,
        message: String(run.output ?? "").split("\n")[0],
      },
    };
  }
  return view;
}
