import { EventType, type HistoryEvent, type InstanceMeta, type InstanceRecord, type Mutation } from "./types.js";

/**
 * The journal line of a mutation, without the orchestration's input where the store already has it: an instance
 * update (not a reset) that keeps the input leaves it out, and so do the ExecutionStarted events of a start message
 * and of the history an episode appends (marked `startInput`). `StateStore.apply` puts them back (`startInputOf`).
 * The input was twice in a start's line and most of every episode's (about 10 KB for a provisioning). `instances`
 * must be the store as it is before this very mutation, so a batch that resets an instance and then updates it
 * stays exact.
 */
export function leanLine(instances: ReadonlyMap<string, InstanceRecord>, m: Mutation): Mutation {
  if (m.o === "msg") {
    const started = m.m.event;
    if (!isStartWith(started, instances.get(m.to)?.input)) return m;
    return { ...m, m: { ...m.m, event: withoutInput(started) }, startInput: true };
  }
  if (m.o !== "inst") return m;
  const { input, ...rest } = m.v;
  const keeps = !m.reset && instances.get(m.v.instanceId)?.input === input;
  const starts = m.add?.some((e) => isStartWith(e, input)) ?? false;
  if (!keeps && !starts) return m;
  return {
    ...m,
    // The type says an input; the line has none, and `apply` reads it so (`"input" in v`).
    v: keeps ? (rest as InstanceMeta) : m.v,
    ...(starts ? { add: m.add?.map((e) => (isStartWith(e, input) ? withoutInput(e) : e)), startInput: true } : {}),
  };
}

/** An ExecutionStarted event journaled without the instance's input (`leanLine`), with it again. */
export function startInputOf(e: HistoryEvent, input: string | null): HistoryEvent {
  return e.EventType === EventType.ExecutionStarted && !("Input" in e) ? { ...e, Input: input } : e;
}

// A real input only: an instance without one journals its start as it is.
function isStartWith(e: HistoryEvent | undefined, input: string | null | undefined): e is HistoryEvent {
  return e?.EventType === EventType.ExecutionStarted && typeof input === "string" && e.Input === input;
}

function withoutInput(e: HistoryEvent): HistoryEvent {
  const { Input: _input, ...rest } = e;
  return rest as HistoryEvent;
}
