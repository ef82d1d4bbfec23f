import type { RequestProblem } from "../request/index.js";

/**
 * Why intake refused a request, the same for every front door: HTTP renders it as an error response (`invalid`
 * 400, `notFound` 404, `conflict` 409), the queue as one `cluster.request.rejected` event. The codes are the API's.
 */
export interface Refusal {
  reason: "invalid" | "notFound" | "conflict";
  code: string;
  message: string;
  /** What it is about: the run holding the cluster, the pool, the id in use. */
  target?: string;
  /** Every problem of an invalid request or body. */
  details?: RequestProblem[];
}

/** A refusal; `extra` adds its target and problems. */
export function refusal(
  reason: Refusal["reason"],
  code: string,
  message: string,
  extra: { target?: string; details?: RequestProblem[] } = {},
): Refusal {
  return { reason, code, message, ...extra };
}

/** `InvalidRequest` listing every problem of `what` ("the request", "the scale body"). */
export function invalidRequest(what: string, problems: RequestProblem[]): Refusal {
  const n = problems.length;
  return refusal("invalid", "InvalidRequest", `${what} has ${n} problem${n === 1 ? "" : "s"}`, { details: problems });
}
