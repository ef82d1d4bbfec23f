/** A DTFx history event in its JSON (PascalCase) form, as the durable-functions library reads it. */
export interface HistoryEvent {
  EventType: number;
  EventId: number;
  IsPlayed?: boolean;
  Timestamp: string;
  [field: string]: unknown;
}

/** DTFx EventType numbers. */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

/** Durable runtime statuses as the client API spells them. */
export type RuntimeStatus =
  | "Pending"
  | "Running"
  | "Completed"
  | "ContinuedAsNew"
  | "Failed"
  | "Canceled"
  | "Terminated"
  | "Suspended";

/** True for statuses after which no episode runs. */
export function isTerminal(status: RuntimeStatus): boolean {
  return status === "Completed" || status === "Failed" || status === "Terminated" || status === "Canceled";
}

/** Retry policy as the library emits it on *WithRetry actions. */
export interface RetryPolicy {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

/** A task the host is waiting on, keyed by the library's task id. */
export interface PendingTask {
  kind: "activity" | "sub" | "timer" | "retryTimer" | "entity";
  /** Function/orchestrator name (activity, sub). */
  name?: string;
  /** JSON input for (re)attempts. */
  input?: string;
  /** Explicit sub-orchestration instance id. */
  subInstanceId?: string;
  retry?: RetryPolicy;
  /** 1-based attempt number of the attempt this id belongs to (or, for a retry timer, the attempt that failed). */
  attempt?: number;
  /** What a retry timer re-attempts. */
  retryKind?: "activity" | "sub";
  /** Long timers: the final fire time (ms). */
  finalFireAt?: number;
  /** Entity calls: request id the response comes back under. */
  requestId?: string;
  /** Index of the action (leaf) this task belongs to, for cancellation. */
  leaf?: number;
}

/** What a replay must reproduce: the kind and name of each scheduled action, in order. */
export interface LeafRecord {
  kind: string;
  name: string;
}

/** One orchestration instance without the lists that only grow (history, leaves); journaled whole on each change. */
export interface InstanceMeta {
  instanceId: string;
  name: string;
  executionId: string;
  status: RuntimeStatus;
  /** JSON text of the input (null for none). */
  input: string | null;
  /** JSON text of the output (null for none). */
  output: string | null;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  parent?: { instanceId: string; executionId: string; taskId: number };
  nextId: number;
  pending: Record<string, PendingTask>;
  /** Last OrchestratorStarted timestamp (ms), so time never goes backwards. */
  lastEpisodeAt: number;
}

/** An instance as held in memory: metadata plus history and leaves, which the journal records as appends. */
export interface InstanceRecord extends InstanceMeta {
  history: HistoryEvent[];
  /** Every action this execution scheduled, in order (what `checkReplay` compares a replay against). */
  leaves: LeafRecord[];
}

/** An entity operation request. */
export interface EntityOperation {
  name: string;
  /** JSON text or undefined. */
  input?: string;
  isSignal: boolean;
  requestId?: string;
  parentInstanceId?: string;
  parentExecutionId?: string;
}

/** A message waiting in an instance's (or entity's) inbox. */
export interface Message {
  id: string;
  /** Only for this execution (dropped after continueAsNew); undefined = any. */
  executionId?: string;
  event?: HistoryEvent;
  entityOp?: EntityOperation;
}

/** An activity invocation to run (at least once). */
export interface ActivityWorkItem {
  id: string;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  /** JSON text of the input. */
  input: string;
}

/** A durable timer. */
export interface TimerItem {
  id: string;
  instanceId: string;
  executionId: string;
  timerId: number;
  fireAt: number;
}

/** Persisted entity state. */
export interface EntityRecord {
  entityId: string;
  exists: boolean;
  /** JSON text or null. */
  state: string | null;
  lastModified: string;
}

/** Timer-trigger schedule status, persisted so isPastDue works across restarts. */
export interface ScheduleRecord {
  name: string;
  last: string;
  next: string;
  lastUpdated: string;
}

/** One change to the durable state; a journal record is a list applied atomically. */
export type Mutation =
  /**
   * Instance metadata; `add` and `addLeaves` are appended to its history and leaves (so a long orchestration
   * journals O(1) per episode, not its whole past), `reset` starts both from empty.
   */
  | { o: "inst"; v: InstanceMeta; add?: HistoryEvent[]; addLeaves?: LeafRecord[]; reset?: boolean; startInput?: true }
  | { o: "delInst"; id: string }
  /** `startInput` (on both): a journal line whose ExecutionStarted events left out the instance's input, as it. */
  | { o: "msg"; to: string; m: Message; startInput?: true }
  | { o: "ack"; to: string; ids: string[] }
  | { o: "work"; v: ActivityWorkItem }
  | { o: "timer"; v: TimerItem }
  | { o: "done"; id: string }
  | { o: "entity"; v: EntityRecord }
  | { o: "delEntity"; id: string }
  | { o: "sched"; v: ScheduleRecord };
