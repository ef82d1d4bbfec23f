import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { readJsonBody } from "./readJsonBody.js";

/** A body that may be left out (an operation with nothing to say): empty means `{}`, anything else is `readJsonBody`'s. */
export async function readOptionalJsonBody(
  req: HttpRequest,
): Promise<{ ok: true; value: unknown } | { ok: false; response: HttpResponseInit }> {
  const declared = req.headers.get("content-length");
  if (declared === "0" || (!declared && !req.headers.get("transfer-encoding"))) return { ok: true, value: {} };
  return readJsonBody(req);
}
