import { type EpisodeContext, nextMeta } from "./episodeContext.js";
import { EpisodeScheduler } from "./episodeScheduler.js";
import { EventType, type HistoryEvent, type InstanceRecord, isTerminal, type Message, type Mutation } from "./types.js";

/** Event types that control an instance rather than feed its code. */
export const CONTROL = new Set<number>([
  EventType.ExecutionTerminated,
  EventType.ExecutionSuspended,
  EventType.ExecutionResumed,
]);

/** Terminate / suspend / resume arrive as messages so they never race a running episode. */
export function handleControl(
  ctx: EpisodeContext,
  inst: InstanceRecord,
  live: Message[],
  control: Message[],
  ack: string[],
): Mutation[] {
  const ts = Math.max(ctx.now(), inst.lastEpisodeAt);
  const meta = nextMeta(inst, ts);
  const out: Mutation[] = [];
  const added: HistoryEvent[] = [];
  const sched = new EpisodeScheduler(ctx, meta, added, out, ts);
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
