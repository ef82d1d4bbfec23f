import { z } from "zod";
import type { OperationKind } from "./clusterLock.js";
import { clusterRequestSchema, REQUEST_ID_PATTERN } from "./clusterRequest.js";
import { cappedProblems, problemsFromZod, type RequestProblem } from "./problems.js";
import { patternedString, quote } from "./schemaHelpers.js";

/**
 * What a message on the request queue may ask, each the same as one HTTP route: the Durable operation kind it
 * starts (none for an approval decision, which is handed to the waiting provisioning), and whether the message
 * names a pool (`pools.remove`, the route's `{pool}`).
 */
export const queueOperations = {
  provision: { kind: "provision", route: "POST /api/clusters" },
  deprovision: { kind: "deprovision", route: "DELETE /api/clusters/{requestId}" },
  scale: { kind: "scale", route: "POST /api/clusters/{requestId}/scale" },
  "pools.add": { kind: "poolAdd", route: "POST /api/clusters/{requestId}/pools" },
  "pools.remove": { kind: "poolRemove", route: "DELETE /api/clusters/{requestId}/pools/{pool}", pool: true },
  stop: { kind: "stop", route: "POST /api/clusters/{requestId}/stop" },
  start: { kind: "start", route: "POST /api/clusters/{requestId}/start" },
  upgrade: { kind: "upgrade", route: "POST /api/clusters/{requestId}/upgrade" },
  approve: { route: "POST /api/clusters/{requestId}/approve" },
  reject: { route: "POST /api/clusters/{requestId}/reject" },
} as const satisfies Record<string, { kind?: OperationKind; route: string; pool?: true }>;

/** A queued message's operation, e.g. `scale`. */
export type QueueOperation = keyof typeof queueOperations;

/** A message about a request that exists: every operation but `provision` (day-2 runs and approval decisions). */
export type ExistingRequestOperation = Exclude<QueueOperation, "provision">;

/** An approval decision of the queue, the same as `POST …/approve` or `…/reject`. */
export type DecisionQueueOperation = "approve" | "reject";

/** A day-2 operation of the queue: one that starts a `clusterOperation` run. */
export type Day2QueueOperation = Exclude<ExistingRequestOperation, DecisionQueueOperation>;

const day2Names = Object.keys(queueOperations).filter((o) => o !== "provision") as [
  ExistingRequestOperation,
  ...ExistingRequestOperation[],
];

/** A provisioning message: the HTTP API's cluster request, with `operation` left out or `provision`. */
export const provisionMessageSchema = clusterRequestSchema
  .extend({ operation: z.literal("provision").optional().describe("Left out, a message is a provisioning.") })
  .describe("Provision a cluster: the body of POST /api/clusters, plus an optional operation.");

/**
 * A message about a provisioned (or waiting) request: the operation, the request it is for, the pool
 * (pools.remove) and the HTTP route's body (an approval decision's is `{ approver, comment? }`).
 */
export const day2MessageSchema = z
  .strictObject({
    operation: z.enum(day2Names).describe("The operation; each is one HTTP route."),
    requestId: patternedString({
      pattern: REQUEST_ID_PATTERN,
      code: "InvalidRequestId",
      message: "request ids are 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit",
      maxLength: 64,
      description: "The provisioned request's id.",
    }),
    pool: z.string().min(1).max(64).optional().describe("pools.remove only: the pool to remove."),
    body: z
      .unknown()
      .optional()
      .describe("The HTTP route's body (scale, pools.add, upgrade, approve, reject); left out or {} for the others."),
  })
  .describe("A day-2 operation on a provisioned cluster, or an approval decision for a waiting provisioning.");

/** Longest request id or operation a refusal names back: a request id's longest (REQUEST_ID_PATTERN). */
const ECHO_MAX = 64;

/** The request queue's message body (`docs/queue-message.schema.json`). */
export const queueMessageSchema = z
  .union([day2MessageSchema, provisionMessageSchema])
  .describe("A message on the request queue (setting REQUESTS_QUEUE_NAME): a provisioning or a day-2 operation.");

/** A queued message read: what to do, for which request, with what body; or every problem of its envelope. */
export type ParsedQueueMessage =
  | { ok: true; operation: "provision"; requestId?: string; request: unknown }
  | {
      ok: true;
      operation: ExistingRequestOperation;
      requestId: string;
      params: Record<string, string>;
      body: unknown;
    }
  | { ok: false; operation?: string; requestId?: string; problems: RequestProblem[] };

/**
 * Reads a message's envelope: its operation (`provision` when left out) and, for a day-2 one, the request id, pool
 * and body. A provisioning's request is checked by intake, as over HTTP. Every problem of the envelope is reported.
 */
export function parseQueueMessage(value: unknown): ParsedQueueMessage {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, problems: [{ path: "", code: "InvalidType", message: "a message is a JSON object" }] };
  }
  const { operation = "provision", ...rest } = value as Record<string, unknown>;
  // Named back on a refusal for correlation, but only as long as a valid one can be: a longer text is no request's
  // id or operation, and the rejection carries the request id as a Service Bus property, which Azure limits to
  // 32 KB (64 KB for all of a message's properties).
  const requestId =
    typeof rest.requestId === "string" && rest.requestId.length <= ECHO_MAX ? rest.requestId : undefined;
  const named = typeof operation === "string" && operation.length <= ECHO_MAX ? { operation } : {};
  const ids = { ...named, ...(requestId ? { requestId } : {}) };
  if (typeof operation !== "string" || !Object.hasOwn(queueOperations, operation)) {
    const known = Object.keys(queueOperations).join(", ");
    const message = `unknown operation ${nameOf(operation)}; one of ${known}`;
    return { ok: false, ...ids, problems: [{ path: "operation", code: "UnknownOperation", message }] };
  }
  if (operation === "provision") return { ok: true, operation, ...(requestId ? { requestId } : {}), request: rest };
  const parsed = day2MessageSchema.safeParse(value);
  const problems = parsed.success ? [] : problemsFromZod(parsed.error.issues, value);
  const wantsPool = "pool" in queueOperations[operation as ExistingRequestOperation];
  if (wantsPool && rest.pool === undefined) {
    problems.push({ path: "pool", code: "Required", message: `${operation} names the pool to remove` });
  }
  if (!wantsPool && rest.pool !== undefined) {
    problems.push({ path: "pool", code: "UnknownField", message: `${operation} takes no pool` });
  }
  if (!parsed.success || problems.length > 0) return { ok: false, ...ids, problems: cappedProblems(problems) };
  const { pool, body } = parsed.data;
  return {
    ok: true,
    operation: parsed.data.operation,
    requestId: parsed.data.requestId,
    params: { requestId: parsed.data.requestId, ...(pool ? { pool } : {}) },
    body: body ?? {},
  };
}

/**
 * An unknown operation as the refusal names it: a string quoted and cut (`quote`), anything else by its
 * type. Never the value itself: a message's `operation` may be nested thousands deep (JSON.stringify overflows the
 * stack, and intake would throw instead of refusing) or hundreds of kilobytes long (too large for the event).
 */
function nameOf(operation: unknown): string {
  if (typeof operation === "string") return JSON.stringify(quote(operation));
  if (operation === null || typeof operation !== "object") return String(operation);
  return Array.isArray(operation) ? "an array" : "an object";
}
