import type * as df from "durable-functions";
import { CLUSTER_OPERATION } from "../orchestrators/clusterOperation.js";
import { type OperationInput, operationInstanceId } from "../orchestrators/operationInput.js";
import type { QueuedRequest } from "../orchestrators/provisionInput.js";
import type { OperationKind, ProvisioningPlan } from "../request/index.js";
import type { BodyCheck } from "./bodyCheck.js";
import { type ClusterRecord, deprovisionedBy, findCluster, operationsOf } from "./clusterRecord.js";
import { findRun } from "./findRun.js";
import { hasEnded } from "./http/statusView.js";
import { invalidRequest, type Refusal, refusal } from "./intakeRefusal.js";
import { orchestrationSettings } from "./orchestrationSettings.js";
import { getServices } from "./services.js";

/** How an operation starts: its kind, its body's check, and whether it may follow a failed provisioning. */
export interface OperationStart {
  kind: OperationKind;
  check: BodyCheck;
  /** Whether it may run on a cluster whose provisioning failed or was kept (deprovision). Defaults to false. */
  afterFailure?: boolean;
}

/** What an operation intake decided: started now, the run of this very operation id (a repeat), or refused. */
export type OperationOutcome =
  | {
      kind: "started" | "existing";
      requestId: string;
      operationId: string;
      operation: OperationKind;
      instanceId: string;
      /** The provisioning's plan: where the cluster is. */
      plan: ProvisioningPlan;
    }
  | { kind: "refused"; refusal: Refusal };

/** A cluster an operation may start on: what intake knows of it, and a holder of its lock that has ended. */
export interface OperationTarget {
  record: ClusterRecord;
  takeOverFrom?: string;
}

/** One operation to start: the operation id (minted by HTTP, derived from the message by the queue), its body. */
export interface OperationRequest {
  requestId: string;
  operationId: string;
  /** The operation's parameters (HTTP: the route's; queue: the message's `requestId`, `pool`). */
  params: Record<string, string>;
  body: unknown;
  /** The request queue's: its message's ids and acceptance, once the run's instance id is known. */
  queued?: (run: { instanceId: string }) => QueuedRequest;
}

/**
 * The checks before an operation's body is read: 404 for an unknown request id; the run of `operationId` when it
 * exists already (a redelivered message); 409 while anything holds the cluster (naming it), after a deprovision, or
 * when the cluster was never provisioned.
 */
export async function findOperationTarget(
  client: df.DurableClient,
  requestId: string,
  start: OperationStart,
  operationId?: string,
): Promise<{ ok: true; target: OperationTarget } | { ok: false; outcome: OperationOutcome }> {
  const refused = (r: Refusal) => ({ ok: false as const, outcome: { kind: "refused" as const, refusal: r } });
  const record = await findCluster(client, requestId);
  if (!record) return refused(refusal("notFound", "NotFound", `no provisioning for request ${requestId}`));
  const ran = operationId ? operationsOf(record).find((o) => o.operationId === operationId) : undefined;
  if (ran && operationId) {
    const { plan } = record.input;
    const outcome = {
      kind: "existing" as const,
      requestId,
      operationId,
      operation: ran.kind,
      instanceId: ran.instanceId,
      plan,
    };
    return { ok: false, outcome };
  }
  const lock = await lockOf(client, record);
  if ("busy" in lock) return refused(lock.busy);
  const deleted = start.kind === "deprovision" ? undefined : deprovisionedBy(record);
  if (deleted) {
    const message = `request ${requestId}'s cluster was deprovisioned (${deleted.operationId})`;
    return refused(refusal("conflict", "ClusterDeleted", message, { target: deleted.operationId }));
  }
  const state = record.outcome?.state;
  if (state !== "succeeded" && !(start.afterFailure && hasEnded(record.provisioning))) {
    const message = `request ${requestId}'s provisioning is ${state ?? "not finished"}`;
    return refused(refusal("conflict", "ClusterNotProvisioned", message));
  }
  return { ok: true, target: { record, ...(lock.takeOverFrom ? { takeOverFrom: lock.takeOverFrom } : {}) } };
}

/**
 * Checks the body against the cluster (400 / a refusal of the check's own), then starts the operation. One
 * operation per request runs at a time (its instance id is fixed), so of two starts at once Durable refuses the
 * second. Throws only when Azure or Durable cannot be reached.
 */
export async function startOnTarget(
  client: df.DurableClient,
  { record, takeOverFrom }: OperationTarget,
  start: OperationStart,
  request: OperationRequest,
): Promise<OperationOutcome> {
  const { requestId, operationId } = request;
  const checked = await start.check(request.body, record.input.plan, {
    request: record.input.request,
    params: request.params,
  });
  if (!checked.ok && "refusal" in checked) return { kind: "refused", refusal: checked.refusal };
  if (!checked.ok) return { kind: "refused", refusal: invalidRequest(`the ${start.kind} body`, checked.problems) };
  const instanceId = operationInstanceId(requestId);
  const input: OperationInput = {
    operationId,
    requestId,
    kind: start.kind,
    plan: record.input.plan,
    provision: {
      created: record.outcome?.created ?? [],
      resourceGroupFound: record.outcome?.resourceGroupFound ?? false,
    },
    settings: orchestrationSettings(getServices().config),
    body: checked.value,
    ...(takeOverFrom ? { takeOverFrom } : {}),
    ...(request.queued ? { queued: request.queued({ instanceId }) } : {}),
  };
  const started = { requestId, operationId, operation: start.kind, instanceId, plan: record.input.plan };
  try {
    await client.startNew(CLUSTER_OPERATION, { instanceId, input });
  } catch (error) {
    const now = await findRun(client, instanceId);
    if (now && (now.input as Partial<OperationInput> | undefined)?.operationId === operationId) {
      return { kind: "existing", ...started };
    }
    if (now && !hasEnded(now)) return { kind: "refused", refusal: busyRefusal(now.instanceId, now.input) };
    throw error;
  }
  return { kind: "started", ...started };
}

/** Both steps, for a front door that has the body at hand (the queue). */
export async function operationIntake(
  client: df.DurableClient,
  start: OperationStart,
  request: OperationRequest,
): Promise<OperationOutcome> {
  const found = await findOperationTarget(client, request.requestId, start, request.operationId);
  if (!found.ok) return found.outcome;
  return startOnTarget(client, found.target, start, request);
}

/**
 * Who holds the cluster: busy while the provisioning, the request's operation or any lock holder still runs (a
 * schedule's or TTL's run has its own instance id, so the holder is looked up); a holder that has ended without
 * releasing (terminated, crashed) is stale and taken over.
 */
async function lockOf(
  client: df.DurableClient,
  record: ClusterRecord,
): Promise<{ busy: Refusal } | { takeOverFrom?: string }> {
  if (!hasEnded(record.provisioning)) {
    const { instanceId } = record.provisioning;
    const message = `the cluster is still being provisioned (${instanceId})`;
    return { busy: refusal("conflict", "ClusterBusy", message, { target: instanceId }) };
  }
  if (record.operation && !hasEnded(record.operation)) {
    return { busy: busyRefusal(record.operation.instanceId, record.operation.input) };
  }
  const holder = record.lock.holder;
  if (!holder) return {};
  const known = [record.provisioning, record.operation].find((r) => r?.instanceId === holder.instanceId);
  const run = known ?? (await findRun(client, holder.instanceId));
  if (run && !hasEnded(run)) {
    const message = `${holder.kind} ${holder.instanceId} holds the cluster (since ${holder.since}); one change at a time`;
    return { busy: refusal("conflict", "ClusterBusy", message, { target: holder.instanceId }) };
  }
  return { takeOverFrom: holder.instanceId };
}

function busyRefusal(instanceId: string, runInput: unknown): Refusal {
  const input = runInput as Partial<OperationInput> | undefined;
  const target = input?.operationId ?? instanceId;
  const message = `${input?.kind ?? "an operation"} ${target} is running on the cluster; one change at a time`;
  return refusal("conflict", "ClusterBusy", message, { target });
}
