import { isRestError } from "@azure/core-rest-pipeline";

/** How a failed ARM call should be handled: retried later, or reported at once with Azure's code. */
export type ArmFailureKind =
  | "throttled" // 429: retry after Retry-After
  | "busy" // 409 while another operation runs on the resource
  | "transient" // 5xx, 408, network, or an async failure Azure documents as retryable
  | "quota" // regional or family quota: needs a human
  | "invalid" // the request itself is wrong: do not retry
  | "notFound"
  | "conflict" // a name taken elsewhere, a state that forbids the change
  | "unauthorized"
  | "unknown";

/** A normalised ARM failure: the activity returns it, the orchestrator branches on `kind`. */
export interface ArmFailure {
  kind: ArmFailureKind;
  /** Azure's error code, e.g. `QuotaExceeded`; `Unknown` when Azure gave none. */
  code: string;
  message: string;
  statusCode?: number;
  /** Whether waiting and trying again can succeed. */
  retryable: boolean;
}

const BUSY_CODES = new Set(["OperationNotAllowed", "AnotherOperationInProgress", "OperationPreempted", "Conflict"]);
// Codes Azure sends with statuses that would otherwise read as permanent (400, 409) or that a failed LRO carries.
const TRANSIENT_CODES = new Set([
  "InternalServerError",
  "InternalOperationError",
  "ServiceUnavailable",
  "GatewayTimeout",
  "RetryableError",
  "ResourceGroupBeingDeleted",
]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
// core-lro rejects an asynchronously failed operation with a plain Error carrying only this message (docs/specs/arm.md §0.4).
const LRO_FAILED = /^The long-running operation has failed\.?\s*(?:(\w+)\.\s*)?([\s\S]*)$/;

/** Normalises anything an ARM SDK call threw into an ArmFailure; never throws. */
export function classifyArmError(error: unknown): ArmFailure {
  const message = error instanceof Error ? error.message : String(error);
  // RestError and Node's socket errors both carry `code`: a network failure is transient whichever threw it.
  const errno = (error as { code?: unknown } | null)?.code;
  if (typeof errno === "string" && NETWORK_CODES.has(errno)) return failure("transient", errno, message);
  if (isRestError(error)) {
    const statusCode = error.statusCode;
    const code = error.code ?? (statusCode ? `Http${statusCode}` : "Unknown");
    return failure(kindOf(code, statusCode), code, message, statusCode);
  }
  const lro = LRO_FAILED.exec(message);
  if (lro) {
    const code = lro[1] ?? "Unknown";
    return failure(kindOf(code, undefined), code, lro[2] || message);
  }
  if (message === "Operation was canceled") return failure("conflict", "Canceled", message);
  return failure("unknown", "Unknown", message);
}

function kindOf(code: string, statusCode: number | undefined): ArmFailureKind {
  if (/quota/i.test(code)) return "quota";
  if (statusCode === 429 || code === "SubscriptionRequestsThrottled" || code === "TooManyRequests") return "throttled";
  if (BUSY_CODES.has(code) && (statusCode === undefined || statusCode === 409)) return "busy";
  if (TRANSIENT_CODES.has(code)) return "transient";
  if (statusCode === 408 || (statusCode !== undefined && statusCode >= 500 && statusCode !== 501 && statusCode !== 505))
    return "transient";
  if (statusCode === 401 || statusCode === 403 || code === "AuthenticationFailed" || code === "AuthorizationFailed")
    return "unauthorized";
  if (statusCode === 404 || /NotFound$/.test(code)) return "notFound";
  if (statusCode === 409 || /AlreadyExists|AlreadyInUse|InUse$/.test(code)) return "conflict";
  if (statusCode === 400 || /^Invalid|^Netcfg|Missing/.test(code)) return "invalid";
  return "unknown";
}

function failure(kind: ArmFailureKind, code: string, message: string, statusCode?: number): ArmFailure {
  const retryable = kind === "throttled" || kind === "busy" || kind === "transient";
  return { kind, code, message, ...(statusCode !== undefined ? { statusCode } : {}), retryable };
}
