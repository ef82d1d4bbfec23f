import { randomUUID } from "node:crypto";
import { type Clock, systemClock } from "../../shared/clock.js";
import type { BrokerEntities } from "../entityConfig.js";
import { brokerErrors } from "../errors.js";
import { BrokerError } from "./brokerError.js";
import type { JournalRecord } from "./journalRecord.js";
import type { RecordLog } from "./memoryJournal.js";
import { NamespaceState, type NewMessage, type SendTarget } from "./namespaceState.js";
import type { Consumer, QueueState } from "./queueState.js";
import { isScheduled, type StoredMessage } from "./storedMessage.js";
import {
  type DeadLetterDetails,
  deadLettered,
  deferred,
  deliveryFailed,
  enqueued,
  expired,
  type WithApplicationProperties,
} from "./transitions.js";

export type { DeadLetterDetails } from "./transitions.js";

/** How the store reads and rewrites bare message bytes (supplied by the AMQP layer). */
export interface BareCodec {
  /** Merges application properties into bare bytes (dead-letter reason and description). */
  withApplicationProperties(bare: Buffer, props: Record<string, unknown>): Buffer;
  /** The filter view of bare bytes (routing of scheduled topic messages). */
  filterViewOf(bare: Buffer): NewMessage["filterView"];
}

/** Options of the broker store. */
export interface BrokerStoreOptions {
  /** How often expired messages are swept and duplicate history pruned. Defaults to 1000 ms. */
  sweepIntervalMs?: number;
  /** Broker time (locks, schedules, TTL, duplicate windows). Defaults to the wall clock. */
  clock?: Clock;
}

export type { NewMessage, SendTarget } from "./namespaceState.js";

/**
 * The broker's operations on the namespace: send and route, pump to consumers, settle, expire,
 * browse. Each change is a journal record applied to memory at once; callers acknowledge only
 * once it is durable (`durable()`).
 */
export class BrokerStore {
  private readonly state: NamespaceState;
  private readonly dirty = new Set<QueueState>();
  private pumpScheduled = false;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;

  private readonly withProps: WithApplicationProperties;
  /** Broker time; the AMQP layer reads it too (peek states, stale deliveries). */
  readonly clock: Clock;

  constructor(
    entities: BrokerEntities,
    private readonly journal: RecordLog,
    private readonly codec: BareCodec,
    options: BrokerStoreOptions = {},
  ) {
    this.withProps = (bare, props) => codec.withApplicationProperties(bare, props);
    this.clock = options.clock ?? systemClock;
    this.state = new NamespaceState(
      entities,
      {
        available: (q) => this.notify(q),
        lockDue: (q, seq, token) => this.expireLock(q, seq, token),
        scheduledDue: (q, seq) => this.activate(q, seq),
      },
      this.clock,
    );
    journal.setSnapshotSource(() => this.state.snapshot());
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 1000);
    this.sweeper.unref();
  }

  /** Rebuilds state from journal records (start-up). */
  replay(records: Iterable<JournalRecord>): void {
    for (const record of records) this.state.apply(record);
  }

  /** A queue, subscription or dead-letter queue by (case-insensitive) path. */
  queue(path: string): QueueState | undefined {
    return this.state.queues.get(path.toLowerCase());
  }

  /** A queue or topic that accepts sends. */
  target(path: string): SendTarget | undefined {
    return this.state.targets.get(path.toLowerCase());
  }

  // ---- sending -------------------------------------------------------------------------------

  /** Stores messages sent to a target; resolves once durable. Duplicates are accepted and dropped. */
  send(target: SendTarget, messages: NewMessage[]): Promise<number[]> {
    const now = this.clock.now();
    const seqs: number[] = [];
    for (const m of messages) {
      if (target.settings.requiresDuplicateDetection) {
        const seen = this.state.duplicates.get(target.key)?.get(m.messageId);
        if (seen !== undefined && now - seen < target.settings.duplicateWindowMs) continue;
        this.record({ k: "dup", q: target.key, id: m.messageId, t: now });
      }
      // Topics hold scheduled messages themselves and route them when they become active — also
      // when the time has already passed, so schedule-message always returns a sequence number.
      if (!target.subscriptions || m.scheduledAtMs !== undefined) seqs.push(this.enqueue(target.queue, m, now));
      else this.route(target.subscriptions, m, now);
    }
    return this.durable().then(() => seqs);
  }

  /** Cancels scheduled messages by the sequence numbers `send` returned. */
  cancelScheduled(target: SendTarget, seqs: number[]): Promise<void> {
    for (const seq of seqs) {
      const m = target.queue.messages.get(seq);
      if (m && isScheduled(m, this.clock.now())) this.record({ k: "del", q: target.queue.key, seq });
    }
    return this.durable();
  }

  private enqueue(q: QueueState, m: NewMessage, now: number): number {
    const seq = this.state.nextSeq;
    this.record(enqueued(q, m, seq, now));
    return seq;
  }

  // ---- receiving -----------------------------------------------------------------------------

  /** Attaches a receiver; messages flow to it as credit allows. */
  addConsumer(q: QueueState, consumer: Consumer): void {
    q.consumers.push(consumer);
    this.notify(q);
  }

  /** Detaches a receiver; its locks stay until they expire (settlement through $management). */
  removeConsumer(q: QueueState, consumer: Consumer): void {
    const i = q.consumers.indexOf(consumer);
    if (i >= 0) q.consumers.splice(i, 1);
  }

  /** Schedules a pump of `q` (after credit arrives or messages become available). */
  notify(q: QueueState): void {
    this.dirty.add(q);
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      const queues = [...this.dirty];
      this.dirty.clear();
      for (const queue of queues) this.pumpNow(queue);
    });
  }

  /** Hands available messages to consumers with credit, now (a drain must be answered after it). */
  pumpNow(q: QueueState): void {
    const now = this.clock.now();
    for (;;) {
      const consumer = q.consumerWithCredit();
      if (!consumer) return;
      const m = this.nextAvailable(q, now);
      if (!m) return;
      if (consumer.receiveMode === "receiveAndDelete") {
        this.record({ k: "del", q: q.key, seq: m.seq });
        consumer.deliver(m, undefined);
      } else {
        const token = randomUUID();
        this.record({ k: "lck", q: q.key, seq: m.seq, tok: token, u: now + q.settings.lockDurationMs });
        consumer.deliver(m, token);
      }
    }
  }

  private nextAvailable(q: QueueState, now: number): StoredMessage | undefined {
    for (;;) {
      const seq = q.ready.pop();
      if (seq === undefined) return undefined;
      const m = q.messages.get(seq);
      if (!m || m.lock || m.deferred || isScheduled(m, now)) continue;
      if (this.expireIfDue(q, m, now)) continue;
      return m;
    }
  }

  // ---- settlement ----------------------------------------------------------------------------

  /** Deletes a locked message. */
  complete(token: string): Promise<void> {
    const { q, m } = this.locked(token);
    this.record({ k: "del", q: q.key, seq: m.seq });
    return this.durable();
  }

  /**
   * Unlocks a message for redelivery (delivery count + 1; dead-letters at MaxDeliveryCount);
   * `propertiesToModify` are merged into its application properties, as Service Bus does.
   */
  abandon(token: string, propertiesToModify?: Record<string, unknown>): Promise<void> {
    const { q, m } = this.locked(token);
    this.failDelivery(q, m, propertiesToModify);
    return this.durable();
  }

  /** Sets a locked message aside (reachable only by sequence number), merging `propertiesToModify`. */
  defer(token: string, propertiesToModify?: Record<string, unknown>): Promise<void> {
    const { q, m } = this.locked(token);
    this.record(deferred(q, m, propertiesToModify, this.withProps));
    return this.durable();
  }

  /** Moves a locked message to its dead-letter queue. */
  deadLetter(token: string, details: DeadLetterDetails): Promise<void> {
    const { q, m } = this.locked(token);
    this.moveToDeadLetter(q, m, details);
    return this.durable();
  }

  /** Extends a lock by the entity's lock duration; returns the new expiry (ms since epoch). */
  renewLock(token: string): number {
    const { q, m } = this.locked(token);
    const until = this.clock.now() + q.settings.lockDurationMs;
    this.record({ k: "lck", q: q.key, seq: m.seq, tok: token, u: until });
    return until;
  }

  /** Whether `token` is a live lock. */
  isLocked(token: string): boolean {
    try {
      this.locked(token);
      return true;
    } catch {
      return false;
    }
  }

  private locked(token: string): { q: QueueState; m: StoredMessage } {
    const ref = this.state.locks.get(token);
    const q = ref && this.state.queues.get(ref.key);
    const m = ref && q?.messages.get(ref.seq);
    if (!q || !m || m.lock?.token !== token) throw new BrokerError(brokerErrors.lockLost());
    if (m.lock.untilMs <= this.clock.now()) {
      this.expireLock(q, m.seq, token);
      throw new BrokerError(brokerErrors.lockLost());
    }
    return { q, m };
  }

  private failDelivery(q: QueueState, m: StoredMessage, propertiesToModify?: Record<string, unknown>): void {
    const dlq = this.state.queues.get(q.deadLetterKey);
    this.recordAll(deliveryFailed(q, dlq, m, propertiesToModify, this.state.nextSeq, this.withProps));
  }

  private moveToDeadLetter(q: QueueState, m: StoredMessage, details: DeadLetterDetails): void {
    const dlq = this.state.queues.get(q.deadLetterKey);
    if (dlq) this.recordAll(deadLettered(q, dlq, m, details, this.state.nextSeq, this.withProps));
  }

  private expireLock(q: QueueState, seq: number, token: string): void {
    const m = q.messages.get(seq);
    if (!m || m.lock?.token !== token) return;
    if (m.lock.untilMs > this.clock.now()) {
      q.setTimer(seq, m.lock.untilMs, this.clock, () => this.expireLock(q, seq, token));
      return;
    }
    this.failDelivery(q, m);
  }

  private expireIfDue(q: QueueState, m: StoredMessage, now: number): boolean {
    if (m.expiresAtMs > now || m.lock || q.kind === "deadLetter") return false;
    this.recordAll(expired(q, this.state.queues.get(q.deadLetterKey), m, this.state.nextSeq, this.withProps));
    return true;
  }

  // ---- browsing and deferred -----------------------------------------------------------------

  /** Takes deferred messages by sequence number: locked (peek-lock) or removed (receive-and-delete). */
  receiveDeferred(
    q: QueueState,
    seqs: number[],
    mode: "peekLock" | "receiveAndDelete",
  ): { message: StoredMessage; lockToken?: string }[] {
    const now = this.clock.now();
    return seqs.map((seq) => {
      const m = q.messages.get(seq);
      if (!m?.deferred || m.lock) throw new BrokerError(brokerErrors.messageNotFound(String(seq)));
      if (mode === "receiveAndDelete") {
        this.record({ k: "del", q: q.key, seq });
        return { message: m };
      }
      const token = randomUUID();
      this.record({ k: "lck", q: q.key, seq, tok: token, u: now + q.settings.lockDurationMs });
      return { message: m, lockToken: token };
    });
  }

  /** Resolves once every record so far is durable; never, once the store is closed (nothing is acknowledged). */
  durable(): Promise<void> {
    if (this.closed) return new Promise(() => {});
    return new Promise((resolve) => this.journal.whenDurable(resolve));
  }

  // ---- records -------------------------------------------------------------------------------

  private recordAll(records: JournalRecord[]): void {
    for (const r of records) this.record(r);
  }

  private record(record: JournalRecord): void {
    // After close nothing may change: a late timer or link event must neither write nor throw.
    if (this.closed) return;
    this.journal.append(record);
    this.state.apply(record);
  }

  private activate(q: QueueState, seq: number): void {
    q.timers.delete(seq);
    const m = q.messages.get(seq);
    if (!m) return;
    // The clock's timers never fire early; this guards a message whose schedule moved meanwhile.
    if (isScheduled(m, this.clock.now())) {
      q.setTimer(seq, (m.scheduledAtMs as number) + 1, this.clock, () => this.activate(q, seq));
      return;
    }
    if (q.kind !== "topicSchedule") {
      this.state.makeAvailable(q, m);
      return;
    }
    // A topic routes a scheduled message when it becomes active, as Service Bus does.
    const target = this.state.targets.get(q.key);
    const view = this.codec.filterViewOf(m.bare);
    this.record({ k: "del", q: q.key, seq });
    const copy = { messageId: m.messageId, bare: m.bare, annotations: m.annotations, filterView: view };
    this.route(
      target?.subscriptions ?? [],
      { ...copy, ...(m.ttlMs !== undefined ? { ttlMs: m.ttlMs } : {}) },
      this.clock.now(),
    );
  }

  /** Copies a message to every subscription with no rules or a matching one. */
  private route(subscriptions: QueueState[], m: NewMessage, now: number): void {
    for (const sub of subscriptions) {
      if (sub.filters.length === 0 || sub.filters.some((f) => f(m.filterView))) this.enqueue(sub, m, now);
    }
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const q of this.state.queues.values()) {
      if (q.kind === "deadLetter" || q.kind === "topicSchedule") continue;
      // A dead-lettered copy wakes the DLQ's receivers itself (enqueue → makeAvailable → notify).
      for (const m of q.messages.values()) this.expireIfDue(q, m, now);
    }
    this.state.pruneDuplicates(now);
  }

  /** Forgets every message, lock and duplicate-detection entry. */
  reset(): void {
    this.state.clear();
    this.journal.compact();
  }

  /** Stops timers and closes the journal (after a final flush). */
  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const q of this.state.queues.values()) for (const cancel of q.timers.values()) cancel();
    this.journal.close();
  }
}
