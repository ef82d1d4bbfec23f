import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type * as df from "durable-functions";
import { provisionInstanceId } from "../orchestrators/provisionInput.js";
import {
  APPROVAL_EVENT,
  type ApprovalDecision,
  type ApprovalVerdict,
  type ProvisionStatus,
  type RequestProblem,
  validateApprovalBody,
} from "../request/index.js";
import { findRun } from "./findRun.js";
import { apiError } from "./http/apiError.js";
import { clusterLinks } from "./http/clusterLinks.js";
import { readJsonBody } from "./http/readJsonBody.js";
import { hasEnded } from "./http/statusView.js";

/** What became of an approval decision, whichever front door (HTTP, the queue) it came through. */
export type ApprovalOutcome =
  | { kind: "raised"; instanceId: string; decision: ApprovalDecision; run: df.DurableOrchestrationStatus }
  | { kind: "invalid"; problems: RequestProblem[] }
  | { kind: "notFound" }
  /** The run is not waiting for a decision: it never asked, or it was already decided or expired. */
  | { kind: "notWaiting"; instanceId: string; state: string; run: df.DurableOrchestrationStatus };

/**
 * The transport-neutral core of approve and reject: the body is checked first (a bad one never reaches the
 * run), then the provisioning must be waiting for a decision; only then is the decision raised to it as
 * `APPROVAL_EVENT`. A decision after the decision (or after the timeout) changes nothing.
 */
export async function decideApproval(
  client: df.DurableClient,
  requestId: string,
  verdict: ApprovalVerdict,
  body: unknown,
  now: Date = new Date(),
): Promise<ApprovalOutcome> {
  const checked = validateApprovalBody(body);
  if (!checked.ok) return { kind: "invalid", problems: checked.problems };
  const instanceId = provisionInstanceId(requestId);
  const run = await findRun(client, instanceId);
  if (!run) return { kind: "notFound" };
  const status = run.customStatus as ProvisionStatus | null | undefined;
  if (hasEnded(run) || status?.approval?.state !== "waiting") {
    // What it is instead: the approval's own state (granted, rejected, expired), else the run's.
    const output = hasEnded(run) ? (run.output as ProvisionStatus | null) : undefined;
    const state = status?.approval?.state ?? output?.state ?? status?.state ?? "accepted";
    return { kind: "notWaiting", instanceId, state, run };
  }
  const decision: ApprovalDecision = { verdict, ...checked.body, decidedAt: now.toISOString() };
  await client.raiseEvent(instanceId, APPROVAL_EVENT, decision);
  return { kind: "raised", instanceId, decision, run };
}

/** `POST /api/clusters/{requestId}/approve` or `/reject`: 202, 400 with every problem, 404, 409 when not waiting. */
export function approvalHandler(verdict: ApprovalVerdict) {
  return async (req: HttpRequest, client: df.DurableClient): Promise<HttpResponseInit> => {
    const requestId = req.params.requestId ?? "";
    const body = await readJsonBody(req);
    if (!body.ok) return body.response;
    const outcome = await decideApproval(client, requestId, verdict, body.value);
    switch (outcome.kind) {
      case "invalid": {
        const n = outcome.problems.length;
        return apiError(400, "InvalidRequest", `the decision has ${n} problem${n === 1 ? "" : "s"}`, {
          details: outcome.problems,
        });
      }
      case "notFound":
        return apiError(404, "NotFound", `no provisioning for request ${requestId}`);
      case "notWaiting":
        return apiError(
          409,
          "NotAwaitingApproval",
          `request ${requestId} is not waiting for an approval (${outcome.state}); nothing was changed`,
          { target: outcome.instanceId },
        );
      case "raised": {
        const links = clusterLinks(req, requestId);
        return {
          status: 202,
          headers: { location: links.operation },
          jsonBody: {
            requestId,
            instanceId: outcome.instanceId,
            verdict,
            approver: outcome.decision.approver,
            statusUrl: links.status,
            operationUrl: links.operation,
          },
        };
      }
    }
  };
}
