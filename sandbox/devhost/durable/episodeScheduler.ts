import { ActionType, processedInputToJson, type RawAction, rawInputToJson } from "./actions.js";
import { type EpisodeContext, newInstanceMeta, startMessage, timerItemId, workItemId } from "./episodeContext.js";
import { event, iso } from "./history.js";
import {
  EventType,
  type HistoryEvent,
  type InstanceMeta,
  isTerminal,
  type Mutation,
  type PendingTask,
} from "./types.js";

/** Turns actions into history events, work items, timers and messages for one episode. */
export class EpisodeScheduler {
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
