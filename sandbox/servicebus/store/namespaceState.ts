import { type Clock, systemClock } from "../../shared/clock.js";
import type { BrokerEntities, QueueSettings } from "../entityConfig.js";
import { decodeJsonValue, encodeJsonValue, type JournalRecord } from "./journalRecord.js";
import { QueueState } from "./queueState.js";
import type { StoredMessage } from "./storedMessage.js";

/** A message as the store accepts it: already split into routing fields and bare bytes. */
export interface NewMessage {
  messageId: string;
  bare: Buffer;
  ttlMs?: number;
  scheduledAtMs?: number;
  annotations: Record<string, unknown>;
  /** Routing view for subscription filters. */
  filterView: { system: Record<string, unknown>; properties: Record<string, unknown> };
}

/** A send target: a queue, or a topic with its subscriptions. */
export interface SendTarget {
  key: string;
  settings: QueueSettings;
  /** Topics: subscriptions to fan out to, and the queue holding scheduled messages. */
  subscriptions?: QueueState[];
  queue: QueueState;
}

/** What the state asks its owner to do when time passes or a message becomes available. */
export interface StateEvents {
  /** A message can be handed out now. */
  available(q: QueueState): void;
  /** A lock's expiry time was reached. */
  lockDue(q: QueueState, seq: number, token: string): void;
  /** A scheduled message's enqueue time was reached. */
  scheduledDue(q: QueueState, seq: number): void;
}

const ZERO_DELAY = 0;

/**
 * The namespace in memory: every queue, subscription and dead-letter queue, the lock index, the
 * duplicate-detection history and the sequence counter. It changes only by `apply(record)`, so the
 * journal's replay rebuilds exactly what was acknowledged; `snapshot()` lists the records of now.
 */
export class NamespaceState {
  readonly queues = new Map<string, QueueState>();
  readonly targets = new Map<string, SendTarget>();
  readonly locks = new Map<string, { key: string; seq: number }>();
  readonly duplicates = new Map<string, Map<string, number>>();
  nextSeq = 1;

  constructor(
    entities: BrokerEntities,
    private readonly events: StateEvents,
    /** Broker time: lock expiry, scheduled activation, TTL. */
    readonly clock: Clock = systemClock,
  ) {
    const addQueue = (q: QueueState) => {
      this.queues.set(q.key, q);
      if (q.kind !== "topicSchedule") {
        const dlqSettings = { ...q.settings, deadLetterOnExpiration: false };
        const dlqPath = `${q.path}/$DeadLetterQueue`;
        this.queues.set(q.deadLetterKey, new QueueState(q.deadLetterKey, dlqPath, "deadLetter", dlqSettings));
      }
      return q;
    };
    for (const e of entities.queues) {
      const q = addQueue(new QueueState(e.path.toLowerCase(), e.path, "queue", e.settings));
      this.targets.set(q.key, { key: q.key, settings: e.settings, queue: q });
    }
    for (const t of entities.topics) {
      const key = t.path.toLowerCase();
      const schedule = addQueue(new QueueState(key, t.path, "topicSchedule", t.settings));
      const subscriptions = t.subscriptions.map((s) =>
        addQueue(new QueueState(s.path.toLowerCase(), s.path, "subscription", s.settings, s.filters)),
      );
      this.targets.set(key, { key, settings: t.settings, queue: schedule, subscriptions });
    }
  }

  /** Applies one record; records are absolute, so applying one twice is harmless. */
  apply(r: JournalRecord): void {
    if (r.k === "next") {
      this.nextSeq = Math.max(this.nextSeq, r.seq);
      return;
    }
    if (r.k === "dup") {
      const seen = this.duplicates.get(r.q) ?? new Map<string, number>();
      this.duplicates.set(r.q, seen);
      seen.set(r.id, r.t);
      return;
    }
    const q = this.queues.get(r.q);
    if (r.k === "enq") this.nextSeq = Math.max(this.nextSeq, r.seq + 1);
    if (!q) return; // the entity left the configuration
    const now = this.clock.now();
    switch (r.k) {
      case "enq": {
        const m = this.toStored(q, r);
        const old = q.messages.get(r.seq);
        if (old?.lock) this.locks.delete(old.lock.token);
        q.messages.set(r.seq, m);
        // A topic's held message leaves only through activation, so its timer is armed even when
        // the time has passed (a replay after the broker was down past it).
        if ((m.scheduledAtMs !== undefined && m.scheduledAtMs > now) || q.kind === "topicSchedule") {
          q.setTimer(r.seq, m.scheduledAtMs ?? now, this.clock, () => this.events.scheduledDue(q, r.seq));
        } else this.makeAvailable(q, m);
        return;
      }
      case "del": {
        const m = q.messages.get(r.seq);
        if (m?.lock) this.locks.delete(m.lock.token);
        q.clearTimer(r.seq);
        q.messages.delete(r.seq);
        return;
      }
      case "upd": {
        const m = q.messages.get(r.seq);
        if (!m) return;
        if (m.lock) this.locks.delete(m.lock.token);
        q.clearTimer(r.seq);
        m.lock = undefined;
        m.deliveryCount = r.dc;
        m.deferred = r.deferred ?? false;
        if (r.b) m.bare = Buffer.from(r.b, "base64");
        this.makeAvailable(q, m);
        return;
      }
      case "lck": {
        const m = q.messages.get(r.seq);
        if (!m) return;
        if (m.lock && m.lock.token !== r.tok) this.locks.delete(m.lock.token);
        m.lock = { token: r.tok, untilMs: r.u };
        this.locks.set(r.tok, { key: q.key, seq: r.seq });
        q.setTimer(r.seq, r.u, this.clock, () => this.events.lockDue(q, r.seq, r.tok));
        return;
      }
    }
  }

  private toStored(q: QueueState, r: Extract<JournalRecord, { k: "enq" }>): StoredMessage {
    const ttl = Math.min(r.ttl ?? q.settings.defaultTtlMs, q.settings.defaultTtlMs);
    const enqueuedAtMs = Math.max(r.t, r.sch ?? ZERO_DELAY);
    return {
      seq: r.seq,
      messageId: r.id,
      enqueuedAtMs,
      ...(r.ttl !== undefined ? { ttlMs: r.ttl } : {}),
      expiresAtMs: q.kind === "deadLetter" ? Number.POSITIVE_INFINITY : enqueuedAtMs + ttl,
      ...(r.sch !== undefined ? { scheduledAtMs: r.sch } : {}),
      deferred: r.deferred ?? false,
      deliveryCount: r.dc,
      annotations: r.ann ? (decodeJsonValue(r.ann) as Record<string, unknown>) : {},
      bare: Buffer.from(r.b, "base64"),
    };
  }

  /** Queues a message for delivery unless it is deferred, locked or held by a topic. */
  makeAvailable(q: QueueState, m: StoredMessage): void {
    if (m.deferred || m.lock || q.kind === "topicSchedule") return;
    q.ready.push(m.seq);
    if (q.consumers.length > 0) this.events.available(q);
  }

  /** The records that rebuild the current state (for compaction). */
  *snapshot(): Iterable<JournalRecord> {
    yield { k: "next", seq: this.nextSeq };
    for (const [q, seen] of this.duplicates) for (const [id, t] of seen) yield { k: "dup", q, id, t };
    for (const q of this.queues.values()) {
      for (const m of q.messages.values()) {
        yield {
          k: "enq",
          q: q.key,
          seq: m.seq,
          id: m.messageId,
          t: m.enqueuedAtMs,
          ...(m.ttlMs !== undefined ? { ttl: m.ttlMs } : {}),
          ...(m.scheduledAtMs !== undefined ? { sch: m.scheduledAtMs } : {}),
          dc: m.deliveryCount,
          ...(m.deferred ? { deferred: true } : {}),
          ann: encodeJsonValue(m.annotations) as Record<string, unknown>,
          b: m.bare.toString("base64"),
        };
        if (m.lock) yield { k: "lck", q: q.key, seq: m.seq, tok: m.lock.token, u: m.lock.untilMs };
      }
    }
  }

  /** Forgets duplicate-detection entries older than their target's window (memory only: replay re-prunes). */
  pruneDuplicates(now: number): void {
    for (const [key, seen] of this.duplicates) {
      const window = this.targets.get(key)?.settings.duplicateWindowMs ?? 0;
      for (const [id, t] of seen) if (now - t >= window) seen.delete(id);
    }
  }

  /** Forgets every message, lock and duplicate-detection entry. */
  clear(): void {
    for (const q of this.queues.values()) q.clear();
    this.locks.clear();
    this.duplicates.clear();
  }
}
