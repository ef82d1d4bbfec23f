import { app, type InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import type { ClusterEventInput } from "../events/index.js";
import { parseQueueMessage, type RequestProblem } from "../request/index.js";
import type { Refusal } from "./intakeRefusal.js";
import { type QueueAnswer, type QueuedIds, queueHandlers } from "./queueHandlers.js";
import { getServices } from "./services.js";

/**
 * The request queue (setting REQUESTS_QUEUE_NAME): each message is the HTTP API's JSON plus `operation`
 * (`docs/queue-message.schema.json`). A run started (or found: a duplicate or redelivered message starts nothing)
 * is answered with `cluster.request.accepted`, a bad request with one `cluster.request.rejected` listing every
 * problem; either way the function returns and the message is completed, as a bad request is not retried. What
 * a redelivery may fix (Durable or Azure unreachable, the topic down) throws: Service Bus delivers the message
 * again, and dead-letters it after MaxDeliveryCount. Nothing is half-started: intake looks before it starts.
 */
export async function queueIntake(message: unknown, context: InvocationContext): Promise<void> {
  const ids = queuedIds(context);
  try {
    const answer = await answerOf(message, df.getClient(context), ids);
    await getServices().publisher.publish(eventOf(answer, ids));
    const what =
      answer.kind === "accepted" ? `${answer.data.operation} ${answer.data.instanceId}` : answer.refusal.code;
    context.log(`messageId=${ids.messageId} ${answer.kind}: ${what}`);
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    context.error(`messageId=${ids.messageId} not handled, Service Bus will deliver it again: ${why}`);
    throw error;
  }
}

app.serviceBusQueue("queueIntake", {
  queueName: "%REQUESTS_QUEUE_NAME%",
  connection: "ServiceBusConnection",
  extraInputs: [df.input.durableClient()],
  handler: queueIntake,
});

async function answerOf(message: unknown, client: df.DurableClient, ids: QueuedIds): Promise<QueueAnswer> {
  const body = readBody(message);
  if (!body.ok) return { kind: "rejected", refusal: body.refusal };
  const parsed = parseQueueMessage(body.value);
  if (!parsed.ok) {
    const n = parsed.problems.length;
    const refusal: Refusal = {
      reason: "invalid",
      code: "InvalidRequest",
      message: `the message has ${n} problem${n === 1 ? "" : "s"}`,
      details: parsed.problems,
    };
    const { requestId, operation } = parsed;
    return { kind: "rejected", ...(requestId ? { requestId } : {}), ...(operation ? { operation } : {}), refusal };
  }
  const answer = await queueHandlers[parsed.operation](parsed, client, ids);
  return answer.kind === "rejected" ? { ...answer, operation: parsed.operation } : answer;
}

// The host hands a JSON body over parsed; a body sent as bytes (other SDKs) or text that is not JSON comes raw.
function readBody(message: unknown): { ok: true; value: unknown } | { ok: false; refusal: Refusal } {
  if (!Buffer.isBuffer(message) && typeof message !== "string") return { ok: true, value: message };
  try {
    return { ok: true, value: JSON.parse(Buffer.isBuffer(message) ? message.toString("utf8") : message) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      refusal: { reason: "invalid", code: "InvalidJson", message: `the body is not valid JSON: ${why}` },
    };
  }
}

function queuedIds(context: InvocationContext): QueuedIds {
  const meta = context.triggerMetadata ?? {};
  const messageId = String(meta.messageId ?? context.invocationId);
  const correlation = meta.correlationId;
  return { messageId, correlationId: typeof correlation === "string" && correlation ? correlation : messageId };
}

// One event per message, keyed by its message id: a redelivery publishes the same message id, which the topic's
// duplicate detection drops.
function eventOf(
  answer: QueueAnswer,
  { messageId, correlationId }: QueuedIds,
): ClusterEventInput<"cluster.request.accepted" | "cluster.request.rejected"> {
  if (answer.kind === "accepted") {
    const { subscriptionId, resourceGroup, clusterName } = answer.plan;
    return {
      type: "cluster.request.accepted",
      requestId: answer.data.requestId,
      cluster: { subscriptionId, resourceGroup, clusterName },
      correlationId,
      sequence: messageId,
      data: answer.data,
    } as ClusterEventInput<"cluster.request.accepted">;
  }
  const { code, message, target, details } = answer.refusal;
  const errors: RequestProblem[] = details ?? [{ path: "", code, message }];
  return {
    type: "cluster.request.rejected",
    requestId: answer.requestId ?? "",
    correlationId,
    sequence: messageId,
    data: {
      code,
      message,
      ...(answer.operation ? { operation: answer.operation } : {}),
      ...(target ? { target } : {}),
      errors,
    },
  } as ClusterEventInput<"cluster.request.rejected">;
}
