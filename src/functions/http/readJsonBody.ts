import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { apiError } from "./apiError.js";

const JSON_TYPE = /^(application|text)\/([\w.+-]+\+)?json\s*(;|$)/i;
const CURL_DEFAULT = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** Largest request body accepted: a cluster request is a few KiB; this leaves room and stops abuse. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The request's JSON body, or the error response: 415 for a content type that cannot carry JSON, 413 past
 * `MAX_BODY_BYTES` (checked on the declared length first, then on what arrived), 400 when it does not parse.
 * JSON types are accepted, and so are no content type and `application/x-www-form-urlencoded`: the latter is
 * what `curl -d @file.json` sends, and a real form body then fails as invalid JSON with the reason.
 */
export async function readJsonBody(
  req: HttpRequest,
): Promise<{ ok: true; value: unknown } | { ok: false; response: HttpResponseInit }> {
  const type = req.headers.get("content-type") ?? "";
  if (type && !JSON_TYPE.test(type) && !CURL_DEFAULT.test(type)) {
    const got = type ? `'${type.split(";")[0]}'` : "no content type";
    return {
      ok: false,
      response: apiError(415, "UnsupportedMediaType", `send the request as application/json (got ${got})`),
    };
  }
  const tooLarge = () => ({
    ok: false as const,
    response: apiError(413, "RequestTooLarge", `the body is larger than ${MAX_BODY_BYTES} bytes`),
  });
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const bytes = Buffer.from(await req.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) return tooLarge();
  if (bytes.length === 0) return { ok: false, response: apiError(400, "InvalidJson", "the body is empty") };
  try {
    return { ok: true, value: JSON.parse(bytes.toString("utf8")) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, response: apiError(400, "InvalidJson", `the body is not valid JSON: ${why}`) };
  }
}
