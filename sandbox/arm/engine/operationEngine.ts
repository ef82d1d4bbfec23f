import { randomUUID } from "node:crypto";
import type { SandboxClock } from "../clock.js";
import type { ArmStore, StoredOperation } from "../store/armStore.js";

/** What a completion effect may use; `atMs` is the operation's due time (not the wall clock). */
export interface EffectContext {
  store: ArmStore;
  atMs: number;
}

/** What happens to the resources when an operation of one kind ends. */
export interface OperationEffect {
  succeed(op: StoredOperation, ctx: EffectContext): void;
  /** Marks resources Failed; defaults to doing nothing. */
  fail?(op: StoredOperation, ctx: EffectContext): void;
}

/** What starting an operation needs; the engine fills id, times and status. */
export interface OperationInit {
  kind: string;
  subscriptionId: string;
  resourceKey: string;
  method: string;
  durationMs: number;
  statusStyle?: StoredOperation["statusStyle"];
  clientRequestId?: string | undefined;
  /** Make the operation end Failed with this error (fault rules, asynchronous quota failures). */
  error?: { code: string; message: string } | undefined;
  data?: Record<string, unknown>;
  /** Prefix of the id (ACR uses `registries-`). */
  idPrefix?: string;
}

/**
 * Runs asynchronous ARM operations lazily: an operation completes, and its effect is applied,
 * the first time anything looks after the sandbox clock passed its due time. No timers, so a
 * restart resumes in-flight operations from the journal and a frozen clock holds them still.
 */
export class OperationEngine {
  private readonly effects = new Map<string, OperationEffect>();

  constructor(
    private readonly store: ArmStore,
    private readonly clock: SandboxClock,
  ) {}

  /** Registers the effect of one operation kind. */
  register(kind: string, effect: OperationEffect): void {
    this.effects.set(kind, effect);
  }

  /** Starts (records) an operation. */
  start(init: OperationInit): StoredOperation {
    const now = this.clock.now();
    const op: StoredOperation = {
      id: `${init.idPrefix ?? ""}${randomUUID()}`,
      subscriptionId: init.subscriptionId,
      kind: init.kind,
      resourceKey: init.resourceKey,
      method: init.method,
      startedAtMs: now,
      dueAtMs: now + init.durationMs,
      status: "InProgress",
      statusStyle: init.statusStyle ?? "arm",
      data: init.data ?? {},
    };
    if (init.clientRequestId) op.clientRequestId = init.clientRequestId;
    if (init.error) op.error = init.error;
    this.store.putOperation(op);
    return op;
  }

  /** Completes every operation whose due time has passed, in due-time order. */
  advance(): void {
    const now = this.clock.now();
    const due = this.store
      .listOperations()
      .filter((op) => op.status === "InProgress" && op.dueAtMs <= now)
      .sort((a, b) => a.dueAtMs - b.dueAtMs);
    for (const op of due) this.complete(op);
  }

  /**
   * Cancels in-progress operations on resources under `prefixKey` (a delete supersedes them, as
   * in AKS); their status URL then reports `Canceled`, which the SDK rejects as canceled.
   */
  cancelUnder(prefixKey: string, exceptId?: string): void {
    const now = this.clock.now();
    for (const op of this.store.listOperations()) {
      const under = op.resourceKey === prefixKey || op.resourceKey.startsWith(`${prefixKey}/`);
      if (under && op.status === "InProgress" && op.id !== exceptId) {
        this.store.putOperation({ ...op, status: "Canceled", endedAtMs: now });
      }
    }
  }

  /** The in-progress operation that a request with this client request id started on a resource. */
  findRetried(resourceKey: string, clientRequestId: string | undefined): StoredOperation | undefined {
    if (!clientRequestId) return undefined;
    return this.store
      .listOperations()
      .find((op) => op.resourceKey === resourceKey && op.clientRequestId === clientRequestId);
  }

  private complete(op: StoredOperation): void {
    const effect = this.effects.get(op.kind);
    const ctx: EffectContext = { store: this.store, atMs: op.dueAtMs };
    if (op.error) effect?.fail?.(op, ctx);
    else effect?.succeed(op, ctx);
    this.store.putOperation({ ...op, status: op.error ? "Failed" : "Succeeded", endedAtMs: op.dueAtMs });
  }
}
