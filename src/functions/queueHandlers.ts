import type * as df from "durable-functions";
import { v5 as uuidv5 } from "uuid";
import type { ClusterEventData } from "../events/index.js";
import type { ProvisionInput } from "../orchestrators/provisionInput.js";
import type {
  Day2QueueOperation,
  DecisionQueueOperation,
  ParsedQueueMessage,
  ProvisioningPlan,
  ProvisionStatus,
  QueueOperation,
} from "../request/index.js";
import { appOrigin } from "./appOrigin.js";
import { decideApproval } from "./approval.js";
import { day2Starts } from "./day2Starts.js";
import { clusterLinksAt } from "./http/clusterLinks.js";
import { invalidRequest, type Refusal, refusal } from "./intakeRefusal.js";
import { operationIntake } from "./operationIntake.js";
import { operationLinkAt } from "./operationLinks.js";
import { provisionIntake } from "./provisionIntake.js";
import { getServices } from "./services.js";

/** The ids a queued message answers with: its own `messageId`, and its `correlationId` (else the message id). */
export interface QueuedIds {
  messageId: string;
  correlationId: string;
}

/** The data of `cluster.request.accepted`. */
export type Accepted = ClusterEventData["cluster.request.accepted"];

/** What the queue answers a message with: `cluster.request.accepted` for a run, or a rejection. */
export type QueueAnswer =
  | { kind: "accepted"; plan: ProvisioningPlan; data: Accepted }
  | { kind: "rejected"; requestId?: string; operation?: string; refusal: Refusal };

/** A message whose envelope was read. */
export type ReadMessage = Extract<ParsedQueueMessage, { ok: true }>;

/** One operation of the queue: starts (or finds) its run, or refuses; throws only for what a redelivery may fix. */
export type QueueHandler = (message: ReadMessage, client: df.DurableClient, ids: QueuedIds) => Promise<QueueAnswer>;

// Fixed namespace of the operation ids derived from messages: the same request and message id, the same operation.
const OPERATION_ID_NAMESPACE = "7d1c2f0a-5b9e-4c61-8f3a-2e6b4d9c0a17";

/**
 * A day-2 operation's id over the queue: a UUIDv5 of the request id and the message id (HTTP mints a random one),
 * so a redelivered message finds the run it started and starts nothing.
 */
export function queuedOperationId(requestId: string, messageId: string): string {
  return uuidv5(`${requestId}\n${messageId}`, OPERATION_ID_NAMESPACE);
}

const provision: QueueHandler = async (message, client, ids) => {
  if (message.operation !== "provision") throw new Error(`not a provisioning: ${message.operation}`);
  const origin = appOrigin(getServices().config);
  const acceptance = ({ requestId, instanceId }: { requestId: string; instanceId: string }): Accepted => {
    const links = clusterLinksAt(origin, requestId);
    return { operation: "provision", requestId, instanceId, statusUrl: links.status, operationUrl: links.operation };
  };
  const outcome = await provisionIntake(message.request, client, {
    queued: (run) => ({ ...ids, accepted: acceptance(run) }),
  });
  if (outcome.kind === "refused") {
    const requestId = outcome.requestId ?? message.requestId;
    return { kind: "rejected", ...(requestId ? { requestId } : {}), refusal: outcome.refusal };
  }
  return { kind: "accepted", plan: outcome.plan, data: acceptance(outcome) };
};

function day2(operation: Day2QueueOperation): QueueHandler {
  return async (message, client, ids) => {
    if (message.operation === "provision") throw new Error("a provisioning is not a day-2 operation");
    const { requestId, params, body } = message;
    const operationId = queuedOperationId(requestId, ids.messageId);
    const origin = appOrigin(getServices().config);
    const acceptance = (instanceId: string): Accepted => ({
      operation,
      requestId,
      operationId,
      instanceId,
      statusUrl: clusterLinksAt(origin, requestId).status,
      operationUrl: operationLinkAt(origin, requestId, operationId),
    });
    const outcome = await operationIntake(client, day2Starts[operation], {
      requestId,
      operationId,
      params,
      body,
      queued: ({ instanceId }) => ({ ...ids, accepted: acceptance(instanceId) }),
    });
    if (outcome.kind === "refused") return { kind: "rejected", requestId, refusal: outcome.refusal };
    return { kind: "accepted", plan: outcome.plan, data: acceptance(outcome.instanceId) };
  };
}

const GRANTED_BY = { approve: "granted", reject: "rejected" } as const;

/**
 * An approval decision over the queue, through the same core as `POST …/approve` and `…/reject`. A redelivery of
 * a decision that was taken (the run already shows it, by the same approver) is accepted again, not rejected.
 */
function decision(verdict: DecisionQueueOperation): QueueHandler {
  return async (message, client) => {
    if (message.operation === "provision") throw new Error("a provisioning is not a decision");
    const { requestId, body } = message;
    const links = clusterLinksAt(appOrigin(getServices().config), requestId);
    const accepted = (run: df.DurableOrchestrationStatus): QueueAnswer => ({
      kind: "accepted",
      plan: (run.input as ProvisionInput).plan,
      data: {
        operation: verdict,
        requestId,
        instanceId: run.instanceId,
        statusUrl: links.status,
        operationUrl: links.operation,
      },
    });
    const outcome = await decideApproval(client, requestId, verdict, body);
    switch (outcome.kind) {
      case "raised":
        return accepted(outcome.run);
      case "invalid":
        return { kind: "rejected", requestId, refusal: invalidRequest(`the ${verdict} body`, outcome.problems) };
      case "notFound":
        return {
          kind: "rejected",
          requestId,
          refusal: refusal("notFound", "NotFound", `no provisioning for request ${requestId}`),
        };
      case "notWaiting": {
        // The run as intake read it: a redelivered decision it already shows is accepted, not rejected.
        if (sameDecisionTaken(outcome.run, verdict, body)) return accepted(outcome.run);
        const text = `request ${requestId} is not waiting for an approval (${outcome.state}); nothing was changed`;
        return {
          kind: "rejected",
          requestId,
          refusal: refusal("conflict", "NotAwaitingApproval", text, { target: outcome.instanceId }),
        };
      }
    }
  };
}

function sameDecisionTaken(
  run: df.DurableOrchestrationStatus,
  verdict: DecisionQueueOperation,
  body: unknown,
): boolean {
  const status = (run.output ?? run.customStatus) as ProvisionStatus | null | undefined;
  const approver = (body as { approver?: unknown } | null)?.approver;
  return status?.approval?.state === GRANTED_BY[verdict] && status.approval.approver === approver;
}

/** Every operation of the request queue, one entry each (`queueOperations` in src/request names them). */
export const queueHandlers: Record<QueueOperation, QueueHandler> = {
  provision,
  deprovision: day2("deprovision"),
  scale: day2("scale"),
  "pools.add": day2("pools.add"),
  "pools.remove": day2("pools.remove"),
  stop: day2("stop"),
  start: day2("start"),
  upgrade: day2("upgrade"),
  approve: decision("approve"),
  reject: decision("reject"),
};
