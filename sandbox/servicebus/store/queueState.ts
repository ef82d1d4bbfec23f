import type { CancelTimer, Clock } from "../../shared/clock.js";
import type { QueueSettings } from "../entityConfig.js";
import type { MessageFilter } from "../filters.js";
import { ReadyHeap } from "./readyHeap.js";
import type { StoredMessage } from "./storedMessage.js";

/** A receiver attached to a queue: the broker hands it messages while it has credit. */
export interface Consumer {
  receiveMode: "peekLock" | "receiveAndDelete";
  /** Deliveries the consumer can take right now. */
  credit(): number;
  /** Sends one message; `lockToken` is set in peek-lock mode. */
  deliver(message: StoredMessage, lockToken: string | undefined): void;
}

/** What a queue is in the namespace: a queue, a subscription, a dead-letter queue, or a topic's schedule. */
export type QueueKind = "queue" | "subscription" | "deadLetter" | "topicSchedule";

/** In-memory state of one message store; mutated only by the broker store's `apply`. */
export class QueueState {
  readonly messages = new Map<number, StoredMessage>();
  readonly ready = new ReadyHeap();
  readonly consumers: Consumer[] = [];
  /** Lock-expiry or scheduled-activation timer per sequence number. */
  readonly timers = new Map<number, CancelTimer>();
  private nextConsumer = 0;

  constructor(
    /** Lower-cased path: the lookup key. */
    readonly key: string,
    /** Path as configured, for `x-opt-deadletter-source` and error messages. */
    readonly path: string,
    readonly kind: QueueKind,
    readonly settings: QueueSettings,
    readonly filters: MessageFilter[] = [],
  ) {}

  /** The dead-letter sub-queue's key. */
  get deadLetterKey(): string {
    return `${this.key}/$deadletterqueue`;
  }

  /** Picks the next consumer with credit, round-robin. */
  consumerWithCredit(): Consumer | undefined {
    const n = this.consumers.length;
    for (let i = 0; i < n; i++) {
      const c = this.consumers[(this.nextConsumer + i) % n] as Consumer;
      if (c.credit() > 0) {
        this.nextConsumer = (this.nextConsumer + i + 1) % n;
        return c;
      }
    }
    return undefined;
  }

  /** Messages from `fromSeq` on, in sequence order, locked/deferred/scheduled included, expired not. */
  peek(fromSeq: number, count: number, now: number): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (const m of [...this.messages.values()].sort((a, b) => a.seq - b.seq)) {
      if (out.length >= count) break;
      if (m.seq < fromSeq || (m.expiresAtMs <= now && !m.lock)) continue;
      out.push(m);
    }
    return out;
  }

  /** Runs `fire` once `clock` reaches `atMs` (one timer per message: a new one replaces the old). */
  setTimer(seq: number, atMs: number, clock: Clock, fire: () => void): void {
    this.clearTimer(seq);
    this.timers.set(
      seq,
      clock.setTimer(atMs, () => {
        this.timers.delete(seq);
        fire();
      }),
    );
  }

  clearTimer(seq: number): void {
    this.timers.get(seq)?.();
    this.timers.delete(seq);
  }

  clear(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    this.messages.clear();
    this.ready.clear();
  }
}
