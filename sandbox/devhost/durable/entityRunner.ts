import type { RegisteredFunction } from "../app/coreApi.js";
import type { Invoker } from "../app/invoke.js";
import { type EntityKey, entitySchedulerId, parseEntityId } from "./entityId.js";
import { event } from "./history.js";
import type { StateStore } from "./stateStore.js";
import { type EntityOperation, EventType, type Message, type Mutation } from "./types.js";

/** What running an entity batch needs. */
export interface EntityContext {
  store: StateStore;
  invoker: Invoker;
  newId(): string;
  /** Task-hub time, for timestamps. */
  now(): number;
  findEntity(name: string): RegisteredFunction | undefined;
}

interface OperationResult {
  isError: boolean;
  result?: string;
}

interface EntityResult {
  entityExists: boolean;
  entityState?: string | null;
  results: OperationResult[];
  signals: { target: EntityKey; name: string; input?: string }[];
}

const MAX_BATCH = 50;

/**
 * Runs the queued operations of one entity as one batch (the extension's EntityContextToString payload), then
 * persists the new state, answers callers and forwards signals in the same record.
 */
export async function runEntityBatch(ctx: EntityContext, entityId: string, inbox: Message[]): Promise<Mutation[]> {
  const batch = inbox.filter((m) => m.entityOp).slice(0, MAX_BATCH);
  const stray = inbox.filter((m) => !m.entityOp).map((m) => m.id);
  const ops = batch.map((m) => m.entityOp as EntityOperation);
  const self = parseEntityId(entityId);
  const prev = ctx.store.entities.get(entityId);
  const out: Mutation[] = [];
  let results: OperationResult[];
  const fn = ctx.findEntity(self.name);
  if (!fn) {
    results = ops.map(() => ({
      isError: true,
      result: JSON.stringify(`The entity function '${self.name}' doesn't exist`),
    }));
  } else {
    const payload = {
      self,
      exists: prev?.exists ?? false,
      state: prev?.state ?? null,
      batch: ops.map((o) => ({ name: o.name, input: o.input, isSignal: o.isSignal })),
    };
    try {
      const { raw } = await ctx.invoker.invoke(fn, {
        trigger: { json: JSON.stringify(payload) },
        instanceId: entityId,
      });
      const r = raw as EntityResult;
      results = r.results ?? [];
      out.push({
        o: "entity",
        v: {
          entityId,
          exists: r.entityExists,
          state: r.entityState ?? null,
          lastModified: new Date(ctx.now()).toISOString(),
        },
      });
      for (const s of r.signals ?? []) {
        out.push({
          o: "msg",
          to: entitySchedulerId(s.target.name, s.target.key),
          m: { id: ctx.newId(), entityOp: { name: s.name, input: s.input, isSignal: true } },
        });
      }
    } catch (err) {
      const message = JSON.stringify((err as Error)?.message ?? String(err));
      results = ops.map(() => ({ isError: true, result: message }));
    }
  }
  ops.forEach((op, i) => {
    if (op.isSignal || !op.requestId || !op.parentInstanceId) return;
    const r = results[i] ?? { isError: true, result: JSON.stringify("operation produced no result") };
    const response: Record<string, unknown> = { result: r.result };
    if (r.isError) response.exceptionType = "Error";
    out.push({
      o: "msg",
      to: op.parentInstanceId,
      m: {
        id: ctx.newId(),
        executionId: op.parentExecutionId,
        event: event(EventType.EventRaised, ctx.now(), { Name: op.requestId, Input: JSON.stringify(response) }),
      },
    });
  });
  out.push({ o: "ack", to: entityId, ids: [...batch.map((m) => m.id), ...stray] });
  return out;
}
