import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ArmError, armErrors } from "../errors.js";
import { bearerCaller } from "../identity/jwt.js";
import { checkApiVersion } from "../policies/apiVersions.js";
import { categoryOf } from "../policies/throttle.js";
import type { ArmServices } from "../services.js";
import { header, type Reply, type RequestContext } from "./context.js";
import { errorReply, writeReply } from "./render.js";
import type { Handler, Router } from "./router.js";

/** A non-ARM surface served on the same port (control API, token endpoint, Kubernetes API). */
export interface Frontend {
  /** True when this frontend owns the path (lower case). */
  owns(lowerPath: string): boolean;
  handle: Handler;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The request pipeline, in order:
 * 1. normalize the path (collapse `/`, case kept) and stamp request ids — every answer carries them;
 * 2. advance the operation engine — lazy time, so every read sees operations that came due;
 * 3. frontends (`/_sandbox`, token endpoint, Kubernetes API, metadata) — they have their own auth and are not throttled;
 * 4. authentication — ARM answers 401 before looking at anything else;
 * 5. subscription check, then throttling — a throttled request costs nothing further;
 * 6. routing (404 InvalidResourceType / 405), then api-version — both need the route;
 * 7. fault rules (latency, error) — after validation of the envelope, as a flaky backend would fail;
 * 8. the handler; then `lostResponse` faults replace its answer;
 * 9. errors rendered by one function; the call logged with its category and status.
 */
export function createPipeline(services: ArmServices, router: Router, frontends: Frontend[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const ctx = await createContext(req);
    const category = categoryOf(ctx.method);
    let reply: Reply;
    try {
      services.engine.advance();
      const frontend = frontends.find((f) => f.owns(ctx.path.toLowerCase()));
      if (frontend) {
        writeReply(res, ctx.method, await frontend.handle(ctx), ctx.responseHeaders);
        return;
      }
      reply = await armRequest(ctx, services, router);
    } catch (e) {
      reply = errorReply(e);
    }
    writeReply(res, ctx.method, reply, ctx.responseHeaders);
    const code = (reply.body as { error?: { code?: string } } | undefined)?.error?.code;
    services.calls.record({
      atMs: started,
      method: ctx.method,
      path: ctx.path,
      apiVersion: ctx.query.get("api-version") ?? undefined,
      resourceType: ctx.resourceType,
      category,
      status: reply.status,
      ...(code && reply.status >= 400 ? { code } : {}),
      clientRequestId: ctx.clientRequestId,
      requestId: ctx.requestId,
      userAgent: header(ctx, "user-agent"),
      durationMs: Date.now() - started,
      ...sentBody(ctx),
    });
  };
}

/** A write's JSON body for the call log (not GETs, not huge or unparsable bodies). */
function sentBody(ctx: RequestContext): { requestBody?: unknown } {
  if (ctx.method === "GET" || ctx.method === "HEAD" || !ctx.rawBody.trim() || ctx.rawBody.length > 65_536) return {};
  try {
    return { requestBody: JSON.parse(ctx.rawBody) as unknown };
  } catch {
    return {};
  }
}

async function armRequest(ctx: RequestContext, services: ArmServices, router: Router): Promise<Reply> {
  const auth = header(ctx, "authorization");
  if (!auth) throw armErrors.authenticationFailed();
  if (!/^bearer\s+\S+/i.test(auth)) throw armErrors.invalidAuthenticationToken();
  ctx.caller = bearerCaller(auth);

  const subscriptionId = ctx.segments[0]?.toLowerCase() === "subscriptions" ? ctx.segments[1] : undefined;
  if (subscriptionId !== undefined && !GUID.test(subscriptionId)) throw armErrors.subscriptionNotFound(subscriptionId);
  const category = categoryOf(ctx.method);
  if (subscriptionId) {
    const decision = services.throttler.take(subscriptionId, category);
    ctx.responseHeaders[`x-ms-ratelimit-remaining-subscription-${category}`] = String(decision.remaining);
    ctx.responseHeaders[`x-ms-ratelimit-remaining-subscription-global-${category}`] = String(decision.remaining);
    if (!decision.allowed) {
      throw armErrors.throttled(
        category.replace(/s$/, ""),
        subscriptionId,
        ctx.caller?.oid ?? "unknown",
        decision.retryAfterSeconds,
      );
    }
  }

  const { route, params } = router.match(ctx.method, ctx.segments, ctx.path);
  ctx.params = params;
  ctx.resourceType = route.resourceType;
  if (route.apiVersions) checkApiVersion(route.resourceType, ctx.query.get("api-version"), route.apiVersions);

  const fired = services.faults.take(ctx.method, ctx.path, route.resourceType);
  for (const rule of fired) {
    if (rule.action === "latency" && rule.latencyMs) await sleep(rule.latencyMs);
    if (rule.action === "error") throw faultError(rule);
    if (rule.action === "failAsync") {
      ctx.asyncFailure = { code: rule.code ?? "InternalOperationError", message: rule.message ?? "Injected failure." };
    }
  }
  const reply = await route.handler(ctx);
  const lost = fired.find((r) => r.action === "lostResponse");
  if (lost) throw faultError(lost);
  return reply;
}

function faultError(rule: { status?: number; code?: string; message?: string }): ArmError {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = status === 429 || status === 503 ? { "Retry-After": "0" } : {};
  return new ArmError(
    status,
    rule.code ?? "InternalServerError",
    rule.message ?? "Injected fault.",
    undefined,
    headers,
  );
}

async function createContext(req: IncomingMessage): Promise<RequestContext> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  // Collapse leading slashes first: "//subscriptions/..." would otherwise parse as a host name.
  const url = new URL((req.url ?? "/").replace(/^\/+/, "/"), "http://sandbox");
  const path = `/${url.pathname.split("/").filter(Boolean).join("/")}`;
  const secure = "encrypted" in req.socket && Boolean(req.socket.encrypted);
  const requestId = randomUUID();
  const clientRequestId =
    typeof req.headers["x-ms-client-request-id"] === "string" ? req.headers["x-ms-client-request-id"] : undefined;
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path,
    segments: path.split("/").filter(Boolean),
    query: url.searchParams,
    headers: req.headers,
    rawBody: Buffer.concat(chunks).toString("utf8"),
    baseUrl: `${secure ? "https" : "http"}://${req.headers.host ?? "127.0.0.1"}`,
    requestId,
    clientRequestId,
    params: {},
    caller: undefined,
    asyncFailure: undefined,
    resourceType: "unknown",
    responseHeaders: {
      "x-ms-request-id": requestId,
      "x-ms-correlation-request-id": clientRequestId ?? requestId,
      "x-ms-routing-request-id": `EASTUS:${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}Z:${requestId}`,
      ...(clientRequestId ? { "x-ms-client-request-id": clientRequestId } : {}),
    },
  };
}
