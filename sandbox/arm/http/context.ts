import type { IncomingHttpHeaders, ServerResponse } from "node:http";

/** What a handler answers; the pipeline renders it (JSON unless `text` is set). */
export interface Reply {
  status: number;
  body?: unknown;
  /** Plain-text body (Kubernetes /readyz). */
  text?: string;
  headers?: Record<string, string>;
  /**
   * A streamed body (Kubernetes watches): called once the status and headers are written; it owns
   * the response from then on and ends it.
   */
  stream?: (res: ServerResponse) => void;
}

/** Request-scoped state shared by middleware and handlers. */
export interface RequestContext {
  method: string;
  /** Path with repeated `/` collapsed and no trailing `/`, in the caller's casing. */
  path: string;
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Scheme, host and port the caller used; absolute URLs the sandbox hands out start with it. */
  baseUrl: string;
  requestId: string;
  clientRequestId: string | undefined;
  /** Route parameters in the caller's casing. */
  params: Record<string, string>;
  /** Object id and tenant of the bearer token, when it is a JWT. */
  caller: { oid: string; tid: string } | undefined;
  /** A fault rule asked the next asynchronous operation started by this request to fail. */
  asyncFailure: { code: string; message: string } | undefined;
  /** Resource type the matched route serves (call log, api-version errors). */
  resourceType: string;
  /** Headers added to whatever the request ends with (throttling counters, request ids). */
  responseHeaders: Record<string, string>;
}

/** Parses the request body as JSON; an empty body is `undefined`. */
export function jsonBody(ctx: RequestContext): unknown {
  if (!ctx.rawBody.trim()) return undefined;
  return JSON.parse(ctx.rawBody) as unknown;
}

/** Plain header value (first of a repeated header). */
export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
