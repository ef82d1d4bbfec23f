import { EventType, type HistoryEvent } from "./types.js";

/** ISO timestamp of `ms`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Builds a history event with the common fields. */
export function event(type: number, at: number, fields: Record<string, unknown> = {}, eventId = -1): HistoryEvent {
  return { EventType: type, EventId: eventId, IsPlayed: false, Timestamp: iso(at), ...fields };
}

/** The failure fields of a TaskFailed / SubOrchestrationInstanceFailed event for an error. */
export function failureFields(
  reason: string,
  err: { message?: string; stack?: string; name?: string } | undefined,
  withFailureDetails: boolean,
): Record<string, unknown> {
  const message = err?.message ?? "";
  const fields: Record<string, unknown> = {
    Reason: reason,
    Details: JSON.stringify({ Message: message, StackTrace: err?.stack ?? "" }),
  };
  if (withFailureDetails) {
    let details: Record<string, unknown> | undefined;
    try {
      const parsed = JSON.parse(message) as Record<string, unknown>;
      if (parsed && typeof parsed.errorType === "string") {
        details = {
          ErrorType: parsed.errorType,
          ErrorMessage: parsed.errorMessage,
          StackTrace: parsed.stackTrace,
          IsNonRetriable: parsed.isNonRetriable ?? false,
          Properties: parsed.properties,
        };
      }
    } catch {}
    fields.FailureDetails = details ?? {
      ErrorType: err?.name ?? "Error",
      ErrorMessage: message,
      StackTrace: err?.stack,
      IsNonRetriable: false,
    };
  }
  return fields;
}

/** Task id a completion event refers to, if any. */
export function completionTaskId(e: HistoryEvent): number | undefined {
  switch (e.EventType) {
    case EventType.TaskCompleted:
    case EventType.TaskFailed:
    case EventType.SubOrchestrationInstanceCompleted:
    case EventType.SubOrchestrationInstanceFailed:
      return e.TaskScheduledId as number;
    case EventType.TimerFired:
      return e.TimerId as number;
    default:
      return undefined;
  }
}
