/** Where durable-functions puts the OrchestratorState in the message of the error a failed orchestrator throws. */
const OUT_OF_PROC_MARKER = "$OutOfProcData$:";

/** The OrchestratorState embedded in a failed orchestrator's error message, if there is one. */
export function outOfProcState(message: string): Record<string, unknown> | undefined {
  const at = message.indexOf(OUT_OF_PROC_MARKER);
  if (at < 0) return undefined;
  try {
    return JSON.parse(message.slice(at + OUT_OF_PROC_MARKER.length)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * What the host logs for a failed invocation: the error's message, as the Functions host logs the exception of a
 * `Failed` execution. A failed orchestrator's message is the library's state dump, so its `error` is used instead.
 */
export function failureMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const state = outOfProcState(message);
  return typeof state?.error === "string" ? state.error : message;
}
