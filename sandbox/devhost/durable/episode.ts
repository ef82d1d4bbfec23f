import {
  ActionType,
  describeLeaf,
  flattenActions,
  processedInputToJson,
  type RawAction,
  retryDelayMs,
} from "./actions.js";
import { CONTROL, handleControl } from "./controlEvents.js";
import { type EpisodeContext, nextMeta, startMessage } from "./episodeContext.js";
import { EpisodeScheduler } from "./episodeScheduler.js";
import { completionTaskId, event } from "./history.js";
import { checkReplay } from "./replayCheck.js";
import {
  EventType,
  type HistoryEvent,
  type InstanceMeta,
  type InstanceRecord,
  isTerminal,
  type LeafRecord,
  type Message,
  type Mutation,
  type PendingTask,
} from "./types.js";

export type { EpisodeContext, OrchestratorState } from "./episodeContext.js";

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

  const meta = nextMeta(inst, ts);
  meta.lastEpisodeAt = ts;
  const pending = meta.pending;
  const added: HistoryEvent[] = [event(EventType.OrchestratorStarted, ts)];
  const { instanceId } = inst;
  const sched = new EpisodeScheduler(ctx, meta, added, out, ts);

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
  const addLeaves: LeafRecord[] = [];
  if (!failure) failure = checkReplay(inst, leaves);

  if (!failure) {
    for (let i = 0; i < leaves.length; i++) {
      const a = leaves[i] as RawAction;
      if (a.actionType === ActionType.CreateTimer && a.isCanceled) sched.cancelTimersOf(i);
    }
    for (let i = inst.leaves.length; i < leaves.length && !failure; i++) {
      const a = leaves[i] as RawAction;
      addLeaves.push(describeLeaf(a));
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
    // No addLeaves: the reset below starts the next execution's leaves (and history) from empty.
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
  out.unshift({ o: "inst", v: meta, add: added, ...(addLeaves.length ? { addLeaves } : {}) });
  out.push({ o: "ack", to: instanceId, ids: ack });
  return out;
}
