import { startInputOf } from "./inputLines.js";
import type {
  ActivityWorkItem,
  EntityRecord,
  InstanceRecord,
  Message,
  Mutation,
  ScheduleRecord,
  TimerItem,
} from "./types.js";

/** All durable state of one task hub, in memory; changed only through `apply`. */
export class StateStore {
  readonly instances = new Map<string, InstanceRecord>();
  readonly inbox = new Map<string, Message[]>();
  readonly work = new Map<string, ActivityWorkItem>();
  readonly timers = new Map<string, TimerItem>();
  readonly entities = new Map<string, EntityRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();

  /** Applies one mutation (the single reducer used live and on recovery). */
  apply(m: Mutation): void {
    switch (m.o) {
      case "inst": {
        const prev = m.reset ? undefined : this.instances.get(m.v.instanceId);
        // A journaled update without an input kept the one before, and its ExecutionStarted carries the instance's
        // (`leanLine`).
        const input = "input" in m.v ? m.v.input : (prev?.input ?? null);
        const add = m.startInput ? m.add?.map((e) => startInputOf(e, input)) : m.add;
        // A snapshot's record carries a whole history: copy it (spreading it into push could overflow the stack).
        const history = prev ? prev.history : [...(add ?? [])];
        const leaves = prev ? prev.leaves : [...(m.addLeaves ?? [])];
        if (prev && add) history.push(...add);
        if (prev && m.addLeaves) leaves.push(...m.addLeaves);
        this.instances.set(m.v.instanceId, { ...m.v, input, history, leaves });
        break;
      }
      case "delInst":
        this.instances.delete(m.id);
        this.inbox.delete(m.id);
        break;
      case "msg": {
        const input = this.instances.get(m.to)?.input ?? null;
        const msg = m.startInput && m.m.event ? { ...m.m, event: startInputOf(m.m.event, input) } : m.m;
        const list = this.inbox.get(m.to);
        if (list) list.push(msg);
        else this.inbox.set(m.to, [msg]);
        break;
      }
      case "ack": {
        const list = this.inbox.get(m.to);
        if (!list) break;
        const ids = new Set(m.ids);
        const rest = list.filter((x) => !ids.has(x.id));
        if (rest.length) this.inbox.set(m.to, rest);
        else this.inbox.delete(m.to);
        break;
      }
      case "work":
        this.work.set(m.v.id, m.v);
        break;
      case "timer":
        this.timers.set(m.v.id, m.v);
        break;
      case "done":
        this.work.delete(m.id);
        this.timers.delete(m.id);
        break;
      case "entity":
        this.entities.set(m.v.entityId, m.v);
        break;
      case "delEntity":
        this.entities.delete(m.id);
        break;
      case "sched":
        this.schedules.set(m.v.name, m.v);
        break;
    }
  }

  /** Forgets everything. */
  clear(): void {
    for (const map of [this.instances, this.inbox, this.work, this.timers, this.entities, this.schedules]) map.clear();
  }

  /**
   * The mutations that rebuild the state as it is now, in groups (one per instance with its inbox, entity, leftover
   * inbox, and chunk of work items, timers and schedules), so no snapshot line is huge. They stay those of now while
   * the state moves on, so the journal can write them in slices: the store is copy-on-write but for histories,
   * leaves and inbox lists, which only grow in place (a reset or an ack makes a new array), so their lengths now
   * are kept with them.
   */
  snapshot(): Iterable<{ m: Mutation[] }> {
    const instances = [...this.instances.values()].map((r) => ({ r, h: r.history.length, l: r.leaves.length }));
    const inbox = new Map([...this.inbox].map(([to, list]) => [to, list.slice()]));
    const entities = [...this.entities.values()];
    const work = [...this.work.values()];
    const timers = [...this.timers.values()];
    const schedules = [...this.schedules.values()];
    return (function* () {
      for (const { r, h, l } of instances) {
        const { history, leaves, ...v } = r;
        const m: Mutation[] = [{ o: "inst", v, add: history.slice(0, h), addLeaves: leaves.slice(0, l), reset: true }];
        for (const msg of inbox.get(v.instanceId) ?? []) m.push({ o: "msg", to: v.instanceId, m: msg });
        yield { m };
      }
      const held = new Set(instances.map(({ r }) => r.instanceId));
      for (const v of entities) yield { m: [{ o: "entity", v }] };
      for (const [to, list] of inbox) {
        if (!held.has(to)) yield { m: list.map((msg): Mutation => ({ o: "msg", to, m: msg })) };
      }
      yield* chunks(work.map((v): Mutation => ({ o: "work", v })));
      yield* chunks(timers.map((v): Mutation => ({ o: "timer", v })));
      yield* chunks(schedules.map((v): Mutation => ({ o: "sched", v })));
    })();
  }
}

function* chunks(mutations: Mutation[], size = 500): Iterable<{ m: Mutation[] }> {
  for (let i = 0; i < mutations.length; i += size) yield { m: mutations.slice(i, i + size) };
}
