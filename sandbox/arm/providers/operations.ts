import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import type { ArmServices } from "../services.js";
import type { StoredOperation } from "../store/armStore.js";
import { view } from "./common.js";

const STATUS_SEGMENTS = ["operations", "operationStatuses", "DiskOperations", "asyncOperations"];
const RESULT_SEGMENTS = ["operationresults"];

/**
 * Operation status (Azure-AsyncOperation: always 200 with `status`) and operation result
 * (Location: 202 while running, then 200 — never 204, which some SDK operations reject) URLs,
 * whatever provider prefix they carry.
 */
export function operationRoutes(services: ArmServices): Route[] {
  const status: Route[] = STATUS_SEGMENTS.map((segment) => ({
    methods: ["GET"],
    pattern: `{...prefix}/${segment}/{operationId}`,
    resourceType: "operationStatus",
    handler: (ctx) => (ctx.query.get("monitor") === "true" ? result(ctx, services) : statusOf(ctx, services)),
  }));
  const results: Route[] = RESULT_SEGMENTS.map((segment) => ({
    methods: ["GET"],
    pattern: `{...prefix}/${segment}/{operationId}`,
    resourceType: "operationResult",
    handler: (ctx) => result(ctx, services),
  }));
  return [...status, ...results];
}

function find(ctx: RequestContext, services: ArmServices): StoredOperation {
  const id = ctx.params.operationId ?? "";
  const op = services.store.getOperation(id);
  const sub = ctx.segments[1]?.toLowerCase();
  if (!op || (ctx.segments[0]?.toLowerCase() === "subscriptions" && sub !== op.subscriptionId.toLowerCase())) {
    throw armErrors.notFound(`Operation '${id}'`);
  }
  return op;
}

function retryAfter(services: ArmServices): Record<string, string> {
  return { "Retry-After": String(services.settings.retryAfterSeconds) };
}

function statusOf(ctx: RequestContext, services: ArmServices): Reply {
  const op = find(ctx, services);
  const headers = op.status === "InProgress" ? retryAfter(services) : undefined;
  if (op.statusStyle === "acr") {
    return {
      status: 200,
      body: { status: op.status, ...(op.error ? { error: op.error } : {}) },
      ...(headers ? { headers } : {}),
    };
  }
  const body: Record<string, unknown> = {
    id: ctx.path,
    name: op.id,
    status: op.status,
    startTime: new Date(op.startedAtMs).toISOString(),
  };
  if (op.endedAtMs !== undefined) body.endTime = new Date(op.endedAtMs).toISOString();
  if (op.status === "InProgress" && op.dueAtMs > op.startedAtMs) {
    const now = services.clock.now();
    body.percentComplete = Math.min(99, Math.floor(((now - op.startedAtMs) / (op.dueAtMs - op.startedAtMs)) * 100));
  }
  if (op.error && op.status === "Failed") body.error = op.error;
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

function result(ctx: RequestContext, services: ArmServices): Reply {
  const op = find(ctx, services);
  if (op.status === "InProgress") {
    return { status: 202, headers: { ...retryAfter(services), Location: `${ctx.baseUrl}${ctx.path}?${ctx.query}` } };
  }
  if (op.status === "Failed" && op.error) {
    return { status: 400, body: { error: op.error } };
  }
  if (op.status === "Canceled") {
    return { status: 409, body: { error: { code: "OperationCanceled", message: "The operation was canceled." } } };
  }
  const resource = services.store.getResource(op.resourceKey);
  if ((op.method === "PUT" || op.method === "PATCH") && resource) return { status: 200, body: view(resource) };
  return { status: 200 };
}
