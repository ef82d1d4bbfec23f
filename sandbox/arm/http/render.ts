import type { ServerResponse } from "node:http";
import { type ArmError, armErrors, isArmError } from "../errors.js";
import type { Reply } from "./context.js";

/** Turns anything thrown into the reply ARM would send; the one place errors are rendered. */
export function errorReply(e: unknown): Reply {
  const err = isArmError(e) ? e : internalError(e);
  return {
    status: err.status,
    body: err.toBody(),
    headers: {
      ...err.headers,
      "x-ms-failure-cause": err.headers["x-ms-failure-cause"] ?? (err.status >= 500 ? "service" : "gateway"),
    },
  };
}

function internalError(e: unknown): ArmError {
  // JSON.parse of a malformed body is the only SyntaxError handlers let through.
  if (e instanceof SyntaxError) return armErrors.invalidRequestContent(e.message);
  process.stderr.write(`[sandbox/arm] internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return armErrors.internal("An internal error occurred in the sandbox.");
}

/** Writes a reply: JSON unless `text` is set, or hands the response to `stream`; HEAD gets headers only. */
export function writeReply(
  res: ServerResponse,
  method: string,
  reply: Reply,
  extraHeaders: Record<string, string>,
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  if (reply.stream) {
    // No Content-Length: Node sends the body chunked for as long as the stream runs.
    res.writeHead(reply.status, headers);
    // A watch may have nothing to say for a while; the client waits for the headers before listening.
    res.flushHeaders();
    reply.stream(res);
    return;
  }
  let payload = "";
  if (reply.text !== undefined) {
    payload = reply.text;
    headers["Content-Type"] ??= "text/plain; charset=utf-8";
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    // A handler may name a more specific JSON type (Kubernetes discovery and Table responses).
    headers["Content-Type"] ??= "application/json; charset=utf-8";
  }
  headers["Content-Length"] = String(method === "HEAD" ? 0 : Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(method === "HEAD" ? undefined : payload);
}
