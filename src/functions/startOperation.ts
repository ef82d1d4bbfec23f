import { randomUUID } from "node:crypto";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type * as df from "durable-functions";
import { CLUSTER_OPERATION } from "../orchestrators/clusterOperation.js";
import { type OperationInput, operationInstanceId } from "../orchestrators/operationInput.js";
import type { ClusterRequest, OperationKind, ProvisioningPlan, RequestProblem } from "../request/index.js";
import { type ClusterRecord, deprovisionedBy, findCluster } from "./clusterRecord.js";
import { findRun } from "./findRun.js";
import { apiError } from "./http/apiError.js";
import { clusterLinks } from "./http/clusterLinks.js";
import { readOptionalJsonBody } from "./http/readOptionalJsonBody.js";
import { hasEnded } from "./http/statusView.js";
import { operationLink } from "./operationLinks.js";
import { orchestrationSettings } from "./orchestrationSettings.js";
import { getServices } from "./services.js";

/** What a body check may look at besides the body and the plan: the request, the route's parameters. */
export interface BodyCheckContext {
  request: ClusterRequest;
  params: Record<string, string>;
}

/**
 * Checks an operation's body against the cluster it is for: the body to run with, every problem (400), or a
 * response of its own (404 for a pool the cluster does not have). It may read Azure (the live pools, the quota).
 */
export type BodyCheck = (
  body: unknown,
  plan: ProvisioningPlan,
  context: BodyCheckContext,
) => BodyCheckResult | Promise<BodyCheckResult>;

/** The answer of a body check. */
export type BodyCheckResult =
  | { ok: true; value: unknown }
  | { ok: false; problems: RequestProblem[] }
  | { ok: false; response: HttpResponseInit };

/** Options of an operation's start. */
export interface OperationStart {
  kind: OperationKind;
  check: BodyCheck;
  /** Whether it may run on a cluster whose provisioning failed or was kept (deprovision). Defaults to false. */
  afterFailure?: boolean;
}

/**
 * Starts a day-2 operation on a request's cluster: 404 for an unknown request id, 409 while the provisioning or
 * another operation runs (naming it) or when the cluster was never provisioned, 400 with every problem of the
 * body, else 202 with the operation URL. One operation per request runs at a time: its instance id is fixed, so
 * of two starts at once the second is refused by Durable itself.
 */
export function startOperation(options: OperationStart) {
  return async (req: HttpRequest, client: df.DurableClient): Promise<HttpResponseInit> => {
    const requestId = req.params.requestId ?? "";
    const record = await findCluster(client, requestId);
    if (!record) return apiError(404, "NotFound", `no provisioning for request ${requestId}`);
    const busy = busyWith(record);
    if (busy) return busy;
    const deleted = options.kind === "deprovision" ? undefined : deprovisionedBy(record);
    if (deleted)
      return apiError(
        409,
        "ClusterDeleted",
        `request ${requestId}'s cluster was deprovisioned (${deleted.operationId})`,
        {
          target: deleted.operationId,
        },
      );
    const state = record.outcome?.state;
    if (state !== "succeeded" && !(options.afterFailure && hasEnded(record.provisioning))) {
      return apiError(
        409,
        "ClusterNotProvisioned",
        `request ${requestId}'s provisioning is ${state ?? "not finished"}`,
      );
    }
    const body = await readOptionalJsonBody(req);
    if (!body.ok) return body.response;
    const checked = await options.check(body.value, record.input.plan, {
      request: record.input.request,
      params: req.params as Record<string, string>,
    });
    if (!checked.ok && "response" in checked) return checked.response;
    if (!checked.ok) {
      const n = checked.problems.length;
      return apiError(400, "InvalidRequest", `the ${options.kind} body has ${n} problem${n === 1 ? "" : "s"}`, {
        details: checked.problems,
      });
    }
    const { value } = checked;
    const { config } = getServices();
    const operationId = randomUUID();
    const instanceId = operationInstanceId(requestId);
    const holder = record.lock.holder;
    const input: OperationInput = {
      operationId,
      requestId,
      kind: options.kind,
      plan: record.input.plan,
      provision: {
        created: record.outcome?.created ?? [],
        resourceGroupFound: record.outcome?.resourceGroupFound ?? false,
      },
      settings: orchestrationSettings(config),
      body: value,
      // Whoever holds the lock has ended (busyWith said so) without releasing it: its lock is stale.
      ...(holder ? { takeOverFrom: holder.instanceId } : {}),
    };
    try {
      await client.startNew(CLUSTER_OPERATION, { instanceId, input });
    } catch (error) {
      const now = await findRun(client, instanceId);
      if (now && !hasEnded(now)) return refuseBusy(now);
      throw error;
    }
    const links = clusterLinks(req, requestId);
    const operationUrl = operationLink(req, requestId, operationId);
    return {
      status: 202,
      headers: {
        location: operationUrl,
        "retry-after": String(Math.max(1, Math.ceil(config.limits.pollIntervalSeconds))),
      },
      jsonBody: { requestId, operationId, kind: options.kind, instanceId, statusUrl: links.status, operationUrl },
    };
  };
}

/** 409 when the provisioning or an operation still runs on the cluster. */
function busyWith(record: ClusterRecord): HttpResponseInit | undefined {
  if (!hasEnded(record.provisioning)) {
    return apiError(409, "ClusterBusy", `the cluster is still being provisioned (${record.provisioning.instanceId})`, {
      target: record.provisioning.instanceId,
    });
  }
  if (record.operation && !hasEnded(record.operation)) return refuseBusy(record.operation);
  return undefined;
}

function refuseBusy(running: df.DurableOrchestrationStatus): HttpResponseInit {
  const input = running.input as Partial<OperationInput> | undefined;
  return apiError(
    409,
    "ClusterBusy",
    `${input?.kind ?? "an operation"} ${input?.operationId ?? running.instanceId} is running on the cluster; one change at a time`,
    { target: input?.operationId ?? running.instanceId },
  );
}
