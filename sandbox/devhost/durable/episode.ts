import {
  ActionType,
  describeLeaf,
  flattenActions,
  processedInputToJson,
  type RawAction,
  rawInputToJson,
  retryDelayMs,
} from "./actions.js";
import { completionTaskId, event, iso } from "./history.js";
import type { StateStore } from "./stateStore.js";
import {
  EventType,
  type HistoryEvent,
  type InstanceMeta,
  type InstanceRecord,
  isTerminal,
  type Message,
  type Mutation,
  type PendingTask,
} from "./types.js";

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
    leaves: [],
    pending: {},
    lastEpisodeAt: 0,
  };
}

/** Error for history that no longer matches the orchestrator code. */
export class NonDeterminismError extends Error {
  override name = "NonDeterminismError";
}

/** Events after which the library allocates a task id itself; they must be delivered alone. */
function allocates(m: Message, pending: Record<string, PendingTask>): boolean {
  const e = m.event;
  if (!e) return false;
  const p = pending[String(completionTaskId(e))];
  if (!p) return false;
  if (e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed)
    return !!p.retry;
  if (e.EventType === EventType.TimerFired) return p.kind === "retryTimer" || p.finalFireAt !== undefined;
  return false;
}

/**
 * Runs one orchestration episode: appends the next deliverable events, invokes the orchestrator (the library
 * replays the whole history), turns new actions into scheduled events and work, and returns every resulting
 * change as one atomic list of mutations.
 */
export async function runEpisode(ctx: EpisodeContext, inst: InstanceRecord, inbox: Message[]): Promise<Mutation[]> {
  const out: Mutation[] = [];
  const ack: string[] = [];
  const live: Message[] = [];
  for (const m of inbox) {
    if (m.executionId && m.executionId !== inst.executionId) ack.push(m.id);
    else live.push(m);
  }
  if (isTerminal(inst.status)) return [{ o: "ack", to: inst.instanceId, ids: inbox.map((m) => m.id) }];
  const control = live.filter((m) => m.event && CONTROL.has(m.event.EventType));
  if (control.length > 0) return handleControl(ctx, inst, live, control, ack);
  if (inst.status === "Suspended" || live.length === 0)
    return ack.length ? [{ o: "ack", to: inst.instanceId, ids: ack }] : [];

  const batch: Message[] = [];
  for (const m of live) {
    if (allocates(m, inst.pending)) {
      if (batch.length === 0) batch.push(m);
      break;
    }
    batch.push(m);
  }
  for (const m of batch) ack.push(m.id);

  let ts = Math.max(ctx.now(), inst.lastEpisodeAt);
  for (const m of batch)
    if (m.event?.EventType === EventType.TimerFired) ts = Math.max(ts, Date.parse(m.event.FireAt as string));

  const meta: InstanceMeta = { ...inst, pending: { ...inst.pending }, leaves: [...inst.leaves] };
  delete (meta as Partial<InstanceRecord>).history;
  meta.lastEpisodeAt = ts;
  meta.lastUpdatedTime = iso(ts);
  const pending = meta.pending;
  const added: HistoryEvent[] = [event(EventType.OrchestratorStarted, ts)];
  const { instanceId } = inst;
  const sched = new Scheduler(ctx, meta, added, out, ts);

  for (const m of batch) {
    const e = m.event as HistoryEvent;
    added.push(e);
    if (e.EventType === EventType.ExecutionStarted) meta.status = "Running";
    if (e.EventType === EventType.EventRaised) {
      for (const [id, p] of Object.entries(pending)) if (p.requestId === e.Name) delete pending[id];
    }
    const taskId = completionTaskId(e);
    if (taskId === undefined) continue;
    const p = pending[String(taskId)];
    delete pending[String(taskId)];
    if (!p) continue;
    const failed = e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed;
    if (failed && p.retry) {
      // The library expects a timer after every failed attempt, the last one included.
      const attempt = p.attempt ?? 1;
      const delay = attempt < p.retry.maxNumberOfAttempts ? retryDelayMs(p.retry, attempt) : 0;
      const id = meta.nextId++;
      pending[id] = { ...p, kind: "retryTimer", retryKind: p.kind as "activity" | "sub", attempt };
      sched.timer(id, ts + delay);
    } else if (e.EventType === EventType.TimerFired && p.kind === "retryTimer" && p.retry) {
      const attempt = (p.attempt ?? 1) + 1;
      if (attempt <= p.retry.maxNumberOfAttempts) {
        const id = meta.nextId++;
        const again: PendingTask = { ...p, kind: p.retryKind ?? "activity", attempt };
        pending[id] = again;
        if (again.kind === "activity") sched.activity(id, again.name ?? "", again.input ?? "null");
        else sched.subOrchestration(id, again.name ?? "", again.input ?? "null", again.subInstanceId);
      }
    } else if (e.EventType === EventType.TimerFired && p.finalFireAt !== undefined && p.finalFireAt > ts) {
      const id = meta.nextId++;
      pending[id] = { ...p };
      sched.timer(id, p.finalFireAt - ts > ctx.maxShortTimerMs ? ts + ctx.longTimerIntervalMs : p.finalFireAt);
    }
  }

  const history = inst.history.concat(added);
  const payload = {
    history,
    input: inst.input === null ? null : JSON.parse(inst.input),
    instanceId,
    isReplaying: false,
    parentInstanceId: inst.parent?.instanceId ?? null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: ctx.longTimerInterval,
    maximumShortTimerDuration: ctx.maxShortTimer,
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
  const { state, failed, librarySequence } = await ctx.invoke(inst.name, payload, instanceId);
  meta.customStatus = state.customStatus ?? null;

  let failure = failed ? `Orchestrator function '${inst.name}' failed: ${state.error ?? "unknown error"}` : undefined;
  const top = state.actions?.[0] ?? [];
  const leaves = flattenActions(top);
  if (!failure) failure = checkReplay(inst, leaves);

  if (!failure) {
    for (let i = 0; i < leaves.length; i++) {
      const a = leaves[i] as RawAction;
      if (a.actionType === ActionType.CreateTimer && a.isCanceled) sched.cancelTimersOf(i);
    }
    for (let i = inst.leaves.length; i < leaves.length && !failure; i++) {
      const a = leaves[i] as RawAction;
      meta.leaves.push(describeLeaf(a));
      failure = sched.action(a, i);
    }
  }

  if (!failure && !state.isDone && librarySequence !== undefined && librarySequence !== meta.nextId) {
    // Completions are matched by task id; a divergence would deliver results to the wrong tasks.
    failure = `Devhost task-id bookkeeping diverged from durable-functions (host next id ${meta.nextId}, library ${librarySequence}); this is a devhost bug`;
  }

  const continueAsNew = top.find((a) => a.actionType === ActionType.ContinueAsNew);
  if (failure) {
    meta.status = "Failed";
    meta.output = JSON.stringify(failure);
    added.push(event(EventType.ExecutionCompleted, ts, { OrchestrationStatus: "Failed", Result: failure }));
    if (inst.parent) {
      sched.notifyParent(EventType.SubOrchestrationInstanceFailed, {
        Reason: failure,
        Details: JSON.stringify({ Message: state.error ?? failure }),
      });
    }
    sched.cancelAll();
  } else if (state.isDone && continueAsNew) {
    added.push(event(EventType.ContinueAsNew, ts, { Result: processedInputToJson(continueAsNew.input) }));
    out.push({ o: "inst", v: { ...meta }, add: [...added, event(EventType.OrchestratorCompleted, ts)] });
    sched.cancelAll();
    // A new execution with fresh history; events not yet processed are dropped (preserveUnprocessedEvents=false).
    const next: InstanceMeta = {
      ...meta,
      executionId: ctx.newId(),
      status: "Running",
      input: processedInputToJson(continueAsNew.input),
      output: null,
      nextId: 0,
      leaves: [],
      pending: {},
    };
    out.push({ o: "inst", v: next, reset: true, add: [] });
    out.push({ o: "msg", to: instanceId, m: startMessage(ctx, next, ts) });
    for (const m of live) if (!ack.includes(m.id)) ack.push(m.id);
    out.push({ o: "ack", to: instanceId, ids: ack });
    return out;
  } else if (state.isDone) {
    meta.status = "Completed";
    meta.output = JSON.stringify(state.output ?? null);
    added.push(event(EventType.ExecutionCompleted, ts, { OrchestrationStatus: "Completed", Result: meta.output }));
    if (inst.parent) sched.notifyParent(EventType.SubOrchestrationInstanceCompleted, { Result: meta.output });
    sched.cancelAll();
  }
  added.push(event(EventType.OrchestratorCompleted, ts));
  out.unshift({ o: "inst", v: meta, add: added });
  out.push({ o: "ack", to: instanceId, ids: ack });
  return out;
}

const CONTROL = new Set<number>([
  EventType.ExecutionTerminated,
  EventType.ExecutionSuspended,
  EventType.ExecutionResumed,
]);

/** Terminate / suspend / resume arrive as messages so they never race a running episode. */
function handleControl(
  ctx: EpisodeContext,
  inst: InstanceRecord,
  live: Message[],
  control: Message[],
  ack: string[],
): Mutation[] {
  const ts = Math.max(ctx.now(), inst.lastEpisodeAt);
  const meta: InstanceMeta = { ...inst, pending: { ...inst.pending } };
  delete (meta as Partial<InstanceRecord>).history;
  meta.lastUpdatedTime = iso(ts);
  const out: Mutation[] = [];
  const added: HistoryEvent[] = [];
  const sched = new Scheduler(ctx, meta, added, out, ts);
  for (const m of control) {
    const e = m.event as HistoryEvent;
    ack.push(m.id);
    added.push(e);
    if (e.EventType === EventType.ExecutionTerminated) {
      meta.status = "Terminated";
      meta.output = JSON.stringify(e.Input ?? "");
      sched.notifyParent(EventType.SubOrchestrationInstanceFailed, {
        Reason: `Orchestration '${inst.instanceId}' was terminated: ${e.Input ?? ""}`,
        Details: "",
      });
      sched.cancelAll();
      for (const x of live) if (!ack.includes(x.id)) ack.push(x.id);
      break;
    }
    if (e.EventType === EventType.ExecutionSuspended && !isTerminal(meta.status)) meta.status = "Suspended";
    if (e.EventType === EventType.ExecutionResumed && meta.status === "Suspended") meta.status = "Running";
  }
  out.unshift({ o: "inst", v: meta, add: added });
  out.push({ o: "ack", to: inst.instanceId, ids: ack });
  return out;
}

function checkReplay(inst: InstanceRecord, leaves: RawAction[]): string | undefined {
  const n = Math.min(leaves.length, inst.leaves.length);
  for (let i = 0; i < n; i++) {
    const was = inst.leaves[i];
    const now = describeLeaf(leaves[i] as RawAction);
    if (was && (was.kind !== now.kind || was.name !== now.name)) {
      return `Non-deterministic workflow detected: a previous execution of this orchestration scheduled ${was.kind} '${was.name}' as action #${i}, but the replay scheduled ${now.kind} '${now.name}'. Was the orchestrator code changed while this instance was running?`;
    }
  }
  if (leaves.length < inst.leaves.length) {
    const was = inst.leaves[leaves.length];
    return `Non-deterministic workflow detected: a previous execution of this orchestration scheduled ${was?.kind} '${was?.name}' as action #${leaves.length}, but the replay did not schedule it. Was the orchestrator code changed while this instance was running?`;
  }
  return undefined;
}

/** Turns actions into history events, work items, timers and messages for one episode. */
class Scheduler {
  constructor(
    private readonly ctx: EpisodeContext,
    private readonly meta: InstanceMeta,
    private readonly added: HistoryEvent[],
    private readonly out: Mutation[],
    private readonly ts: number,
  ) {}

  /** Schedules one new leaf; returns a failure message when the action is unsupported. */
  action(a: RawAction, leaf: number): string | undefined {
    const id = this.meta.nextId++;
    const pending = this.meta.pending;
    switch (a.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry: {
        const input = processedInputToJson(a.input);
        pending[id] = { kind: "activity", name: a.functionName, input, retry: a.retryOptions, attempt: 1, leaf };
        this.activity(id, a.functionName ?? "", input);
        return undefined;
      }
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const input = rawInputToJson(a.input);
        const p: PendingTask = { kind: "sub", name: a.functionName, input, retry: a.retryOptions, attempt: 1, leaf };
        if (a.instanceId) p.subInstanceId = a.instanceId;
        pending[id] = p;
        this.subOrchestration(id, a.functionName ?? "", input, a.instanceId);
        return undefined;
      }
      case ActionType.CreateTimer: {
        const fireAt = new Date(a.fireAt as Date).getTime();
        const long = fireAt - this.ts > this.ctx.maxShortTimerMs;
        pending[id] = { kind: "timer", leaf, ...(long ? { finalFireAt: fireAt } : {}) };
        if (!a.isCanceled) this.timer(id, long ? this.ts + this.ctx.longTimerIntervalMs : fireAt);
        return undefined;
      }
      case ActionType.CallEntity:
      case ActionType.SignalEntity: {
        const isSignal = a.actionType === ActionType.SignalEntity;
        const requestId = this.ctx.newId();
        const input = a.input === undefined ? undefined : JSON.stringify(a.input);
        if (!isSignal) pending[id] = { kind: "entity", requestId, leaf };
        this.added.push(
          event(
            EventType.EventSent,
            this.ts,
            {
              InstanceId: a.instanceId,
              Name: isSignal ? "op" : a.operation,
              Input: JSON.stringify({
                id: requestId,
                op: a.operation,
                signal: isSignal,
                input,
                parent: this.meta.instanceId,
              }),
            },
            id,
          ),
        );
        this.out.push({
          o: "msg",
          to: a.instanceId as string,
          m: {
            id: this.ctx.newId(),
            entityOp: {
              name: a.operation as string,
              input,
              isSignal,
              requestId: isSignal ? undefined : requestId,
              parentInstanceId: this.meta.instanceId,
              parentExecutionId: this.meta.executionId,
            },
          },
        });
        return undefined;
      }
      case ActionType.CallHttp:
        this.selfMessage(
          event(EventType.TaskFailed, this.ts, {
            TaskScheduledId: id,
            Reason: "callHttp is not supported by the devhost",
            Details: "",
          }),
        );
        return undefined;
      default:
        return `Orchestrator function '${this.meta.name}' failed: action type ${a.actionType} (entity locks / critical sections) is not supported by the devhost`;
    }
  }

  activity(id: number, name: string, input: string): void {
    const { instanceId, executionId } = this.meta;
    this.added.push(event(EventType.TaskScheduled, this.ts, { Name: name, Input: input }, id));
    this.out.push({
      o: "work",
      v: { id: workItemId(instanceId, executionId, id), instanceId, executionId, taskId: id, name, input },
    });
  }

  subOrchestration(id: number, name: string, input: string, explicitId: string | undefined): void {
    const childId = explicitId ?? `${this.meta.instanceId}:${id}`;
    this.added.push(
      event(EventType.SubOrchestrationInstanceCreated, this.ts, { Name: name, InstanceId: childId, Input: input }, id),
    );
    const existing = this.ctx.store.instances.get(childId);
    const refuse = !this.ctx.hasOrchestrator(name)
      ? `The orchestrator function '${name}' does not exist`
      : existing && !isTerminal(existing.status)
        ? `An instance with ID '${childId}' already exists`
        : undefined;
    if (refuse) {
      this.selfMessage(
        event(EventType.SubOrchestrationInstanceFailed, this.ts, { TaskScheduledId: id, Reason: refuse, Details: "" }),
      );
      return;
    }
    const child = newInstanceMeta(this.ctx, {
      instanceId: childId,
      name,
      input,
      at: this.ts,
      parent: { instanceId: this.meta.instanceId, executionId: this.meta.executionId, taskId: id },
    });
    this.out.push({ o: "inst", v: child, reset: true, add: [] });
    this.out.push({ o: "ack", to: childId, ids: (this.ctx.store.inbox.get(childId) ?? []).map((m) => m.id) });
    this.out.push({ o: "msg", to: childId, m: startMessage(this.ctx, child, this.ts) });
  }

  timer(id: number, fireAt: number): void {
    const { instanceId, executionId } = this.meta;
    this.added.push(event(EventType.TimerCreated, this.ts, { FireAt: iso(fireAt) }, id));
    this.out.push({
      o: "timer",
      v: { id: timerItemId(instanceId, executionId, id), instanceId, executionId, timerId: id, fireAt },
    });
  }

  cancelTimersOf(leaf: number): void {
    for (const [id, p] of Object.entries(this.meta.pending)) {
      if (p.kind === "timer" && p.leaf === leaf) {
        delete this.meta.pending[id];
        this.out.push({ o: "done", id: timerItemId(this.meta.instanceId, this.meta.executionId, Number(id)) });
      }
    }
  }

  /** Drops this execution's timers (activities in flight finish and their results are discarded). */
  cancelAll(): void {
    for (const [id, p] of Object.entries(this.meta.pending)) {
      if (p.kind === "timer" || p.kind === "retryTimer") {
        this.out.push({ o: "done", id: timerItemId(this.meta.instanceId, this.meta.executionId, Number(id)) });
      }
    }
    this.meta.pending = {};
  }

  notifyParent(type: number, fields: Record<string, unknown>): void {
    const parent = this.meta.parent;
    if (!parent) return;
    this.out.push({
      o: "msg",
      to: parent.instanceId,
      m: {
        id: this.ctx.newId(),
        executionId: parent.executionId,
        event: event(type, this.ts, { TaskScheduledId: parent.taskId, ...fields }),
      },
    });
  }

  private selfMessage(e: HistoryEvent): void {
    this.out.push({
      o: "msg",
      to: this.meta.instanceId,
      m: { id: this.ctx.newId(), executionId: this.meta.executionId, event: e },
    });
  }
}
