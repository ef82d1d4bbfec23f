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
        const history = prev ? prev.history : [];
        const leaves = prev ? prev.leaves : [];
        if (m.add) history.push(...m.add);
        if (m.addLeaves) leaves.push(...m.addLeaves);
        this.instances.set(m.v.instanceId, { ...m.v, history, leaves });
        break;
      }
      case "delInst":
        this.instances.delete(m.id);
        this.inbox.delete(m.id);
        break;
      case "msg": {
        const list = this.inbox.get(m.to);
        if (list) list.push(m.m);
        else this.inbox.set(m.to, [m.m]);
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

  /** A JSON-able snapshot. */
  toSnapshot(): unknown {
    return {
      instances: [...this.instances.values()],
      inbox: [...this.inbox.entries()],
      work: [...this.work.values()],
      timers: [...this.timers.values()],
      entities: [...this.entities.values()],
      schedules: [...this.schedules.values()],
    };
  }

  /** Restores from `toSnapshot()` output. */
  loadSnapshot(s: {
    instances: InstanceRecord[];
    inbox: [string, Message[]][];
    work: ActivityWorkItem[];
    timers: TimerItem[];
    entities: EntityRecord[];
    schedules: ScheduleRecord[];
  }): void {
    this.clear();
    for (const i of s.instances) this.instances.set(i.instanceId, i);
    for (const [k, v] of s.inbox) this.inbox.set(k, v);
    for (const w of s.work) this.work.set(w.id, w);
    for (const t of s.timers) this.timers.set(t.id, t);
    for (const e of s.entities) this.entities.set(e.entityId, e);
    for (const x of s.schedules) this.schedules.set(x.name, x);
  }
}
