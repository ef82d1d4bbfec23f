import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import { isConfigError } from "../../config.js";
import { apiError } from "./apiError.js";

/**
 * Wraps a handler so an unexpected failure still answers in the API's error shape: 503 for missing settings
 * (naming only the settings, never their values) or an Azure dependency that is down, 500 otherwise.
 */
export function withApiErrors<A extends unknown[]>(handler: (...args: A) => Promise<HttpResponseInit>) {
  return async (...args: A): Promise<HttpResponseInit> => {
    try {
      return await handler(...args);
    } catch (error) {
      const context = args.find((a): a is InvocationContext => typeof (a as InvocationContext)?.error === "function");
      context?.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      if (isConfigError(error)) {
        return apiError(
          503,
          "Misconfigured",
          `settings missing or invalid: ${error.problems.map((p) => p.setting).join(", ")}`,
        );
      }
      if (error instanceof Error && error.name === "RetryableArmError") {
        return apiError(503, "AzureUnavailable", error.message, { headers: { "retry-after": "10" } });
      }
      return apiError(500, "InternalError", "the request could not be handled; it is safe to retry");
    }
  };
}
