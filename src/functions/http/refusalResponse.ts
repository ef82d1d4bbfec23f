import type { HttpResponseInit } from "@azure/functions";
import type { Refusal } from "../intakeRefusal.js";
import { apiError } from "./apiError.js";

const STATUS: Record<Refusal["reason"], number> = { invalid: 400, notFound: 404, conflict: 409 };

/** An intake refusal as the API's error response. */
export function refusalResponse({ reason, code, message, ...extra }: Refusal): HttpResponseInit {
  return apiError(STATUS[reason], code, message, extra);
}
