import type { HttpResponseInit } from "@azure/functions";
import type { RequestProblem } from "../../request/index.js";

/** The one error shape of the API (ARM's): `{ error: { code, message, target?, details? } }`. */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: { target?: string; details?: RequestProblem[]; headers?: Record<string, string> } = {},
): HttpResponseInit {
  const { headers, ...rest } = extra;
  return { status, jsonBody: { error: { code, message, ...rest } }, ...(headers ? { headers } : {}) };
}
