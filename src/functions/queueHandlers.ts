import type * as df from "durable-functions";
import { v5 as uuidv5 } from "uuid";
import type { ClusterEventData } from "../events/index.js";
import type { ParsedQueueMessage, ProvisioningPlan, QueueOperation } from "../request/index.js";
import { appOrigin } from "./appOrigin.js";
import { day2Starts } from "./day2Starts.js";
import { clusterLinksAt } from "./http/clusterLinks.js";
import type { Refusal } from "./intakeRefusal.js";
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

function day2(operation: Exclude<QueueOperation, "provision">): QueueHandler {
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
};
