import type { RawAction } from "./actions.js";
import { event, iso } from "./history.js";
import type { StateStore } from "./stateStore.js";
import { EventType, type InstanceMeta, type InstanceRecord, type Message } from "./types.js";

/** The OrchestratorState the library returns (or embeds in its failure). */
export interface OrchestratorState {
  isDone: boolean;
  actions: RawAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
}

/** What an episode needs from the engine. */
export interface EpisodeContext {
  store: StateStore;
  now(): number;
  newId(): string;
  /** Invokes the orchestrator; `failed` when the user code threw. */
  invoke(
    name: string,
    payload: unknown,
    instanceId: string,
  ): Promise<{ state: OrchestratorState; failed: boolean; librarySequence?: number }>;
  hasOrchestrator(name: string): boolean;
  longTimerInterval: string;
  longTimerIntervalMs: number;
  maxShortTimer: string;
  maxShortTimerMs: number;
}

/** Work item / timer ids are derived from the task so they can be found (cancelled) later. */
export const workItemId = (instanceId: string, executionId: string, taskId: number) =>
  `${instanceId}|${executionId}|a${taskId}`;
export const timerItemId = (instanceId: string, executionId: string, taskId: number) =>
  `${instanceId}|${executionId}|t${taskId}`;

/** The message that starts an execution. */
export function startMessage(ctx: Pick<EpisodeContext, "newId">, meta: InstanceMeta, at: number): Message {
  return {
    id: ctx.newId(),
    executionId: meta.executionId,
    event: event(EventType.ExecutionStarted, at, {
      Name: meta.name,
      Version: "",
      Input: meta.input,
      OrchestrationInstance: { InstanceId: meta.instanceId, ExecutionId: meta.executionId },
      ParentInstance: meta.parent
        ? { OrchestrationInstance: { InstanceId: meta.parent.instanceId, ExecutionId: meta.parent.executionId } }
        : undefined,
    }),
  };
}

/** The metadata an update of `inst` at `at` starts from: no history or leaves, its own pending to change. */
export function nextMeta(inst: InstanceRecord, at: number): InstanceMeta {
  const { history: _history, leaves: _leaves, ...meta } = inst;
  return { ...meta, pending: { ...inst.pending }, lastUpdatedTime: iso(at) };
}

/** A fresh instance record (status Pending) for a start. */
export function newInstanceMeta(
  ctx: Pick<EpisodeContext, "newId">,
  fields: { instanceId: string; name: string; input: string | null; parent?: InstanceMeta["parent"]; at: number },
): InstanceMeta {
  return {
    instanceId: fields.instanceId,
    name: fields.name,
    executionId: ctx.newId(),
    status: "Pending",
    input: fields.input,
    output: null,
    customStatus: null,
    createdTime: iso(fields.at),
    lastUpdatedTime: iso(fields.at),
    parent: fields.parent,
    nextId: 0,
    pending: {},
    lastEpisodeAt: 0,
  };
}
