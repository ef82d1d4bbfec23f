import type { LeafRecord, RetryPolicy } from "./types.js";

/** Numeric action types the library emits (ActionType). */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

/** A raw action object from the OrchestratorState (fields depend on actionType). */
export interface RawAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  retryOptions?: RetryPolicy;
  fireAt?: Date | string;
  isCanceled?: boolean;
  externalEventName?: string;
  operation?: string;
  compoundActions?: RawAction[];
}

/**
 * Flattens the cumulative action list into scheduled leaves, in id order: compounds are recursed, an action
 * that reappears (same object) is kept once, external-event waits and continueAsNew take no id.
 */
export function flattenActions(actions: RawAction[]): RawAction[] {
  const seen = new Set<RawAction>();
  const out: RawAction[] = [];
  const visit = (a: RawAction) => {
    if (a.actionType === ActionType.WhenAll || a.actionType === ActionType.WhenAny) {
      for (const c of a.compoundActions ?? []) visit(c);
      return;
    }
    if (a.actionType === ActionType.WaitForExternalEvent || a.actionType === ActionType.ContinueAsNew) return;
    if (seen.has(a)) return;
    seen.add(a);
    out.push(a);
  };
  for (const a of actions) visit(a);
  return out;
}

/** Decodes the input of activity and continueAsNew actions (strings were JSON.stringify'd by the library). */
export function processedInputToJson(input: unknown): string {
  const value = typeof input === "string" ? JSON.parse(input) : input;
  return JSON.stringify(value ?? null);
}

/** The JSON text of a raw input (sub-orchestrations, entities). */
export function rawInputToJson(input: unknown): string {
  return JSON.stringify(input ?? null);
}

/** What the replay check compares for one leaf. */
export function describeLeaf(a: RawAction): LeafRecord {
  switch (a.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
      return { kind: "activity", name: a.functionName ?? "" };
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry:
      return { kind: "orchestrator", name: a.functionName ?? "" };
    case ActionType.CreateTimer:
      return { kind: "timer", name: "" };
    case ActionType.CallEntity:
      return { kind: "entity call", name: `${a.instanceId}:${a.operation}` };
    case ActionType.SignalEntity:
      return { kind: "entity signal", name: `${a.instanceId}:${a.operation}` };
    default:
      return { kind: `action ${a.actionType}`, name: a.functionName ?? "" };
  }
}

/** DTFx's back-off: first * coefficient^(failedAttempts-1), capped by the max interval. */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number): number {
  const delay = policy.firstRetryIntervalInMilliseconds * (policy.backoffCoefficient ?? 1) ** (failedAttempt - 1);
  const max = policy.maxRetryIntervalInMilliseconds;
  return max !== undefined && max > 0 ? Math.min(delay, max) : delay;
}
