import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import type { FunctionRegistry } from "../app/coreApi.js";
import type { Invoker } from "../app/invoke.js";
import { parseTimeSpanMs } from "../app/settings.js";
import type { DevhostLogger } from "../log.js";
import { Pool } from "../pool.js";
import { runActivity } from "./activityRunner.js";
import { runEntityBatch } from "./entityRunner.js";
import { type EpisodeContext, newInstanceMeta, type OrchestratorState, runEpisode, startMessage } from "./episode.js";
import { event, iso } from "./history.js";
import { Journal } from "./journal.js";
import { StateStore } from "./stateStore.js";
import {
  type ActivityWorkItem,
  EventType,
  type InstanceRecord,
  isTerminal,
  type Mutation,
  type TimerItem,
} from "./types.js";

/** Options of the durable engine; all optional. */
export interface DurableEngineOptions {
  /** Journal directory; undefined keeps state in memory. */
  stateDir?: string;
  /** Journal compaction threshold in bytes. Defaults to 16 MiB. */
  compactBytes?: number;
  /** fsync each journal record. Defaults to false (a SIGKILL cannot lose written records anyway). */
  fsync?: boolean;
  /** Concurrent activity invocations. Defaults to 10. */
  maxConcurrentActivityFunctions?: number;
  /** Concurrent orchestrator episodes and entity batches. Defaults to 10. */
  maxConcurrentOrchestratorFunctions?: number;
  /** TimeSpan of one long-timer chunk. Defaults to "3.00:00:00" (as the extension). */
  longRunningTimerIntervalDuration?: string;
  /** TimeSpan above which timers are split. Defaults to "6.00:00:00". */
  maximumShortTimerDuration?: string;
  /** Also send FailureDetails for failed activities (durable-functions 3.5 TaskFailedError). Defaults to false. */
  activityFailureDetails?: boolean;
}

/** Raised by client operations; `status` is the HTTP status the client API answers with. */
export class DurableClientError extends Error {
  override name = "DurableClientError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** True for a DurableClientError, across module copies. */
export function isDurableClientError(e: unknown): e is DurableClientError {
  return e instanceof Error && e.name === "DurableClientError";
}

const MAX_TIMEOUT = 2 ** 31 - 1;

function failInstance(inst: InstanceRecord, inbox: { id: string }[], reason: string): Mutation[] {
  const { history: _h, ...meta } = inst;
  const at = Date.now();
  return [
    {
      o: "inst",
      v: { ...meta, status: "Failed", output: JSON.stringify(reason), pending: {}, lastUpdatedTime: iso(at) },
      add: [event(EventType.ExecutionFailed, at, { Reason: reason })],
    },
    { o: "ack", to: inst.instanceId, ids: inbox.map((m) => m.id) },
  ];
}

/**
 * The Durable Task side of the devhost: owns the journaled state, runs episodes, activities and entity batches
 * in bounded pools, fires timers, and offers the operations the client API needs.
 */
export class DurableEngine {
  readonly store = new StateStore();
  readonly events = new EventEmitter();
  private readonly journal: Journal;
  private readonly orchestrators: Pool;
  private readonly activities: Pool;
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly armed = new Map<string, NodeJS.Timeout>();
  private readonly episodeCtx: EpisodeContext;
  private stopped = false;
  private busy = 0;
  /** Episode durations (ms), for the benchmark. */
  readonly episodeDurations: number[] = [];

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly invoker: Invoker,
    private readonly log: DevhostLogger,
    private readonly options: DurableEngineOptions = {},
  ) {
    this.journal = new Journal(this.store, {
      dir: options.stateDir,
      compactBytes: options.compactBytes,
      fsync: options.fsync,
    });
    this.orchestrators = new Pool(options.maxConcurrentOrchestratorFunctions ?? 10);
    this.activities = new Pool(options.maxConcurrentActivityFunctions ?? 10);
    const longTimerInterval = options.longRunningTimerIntervalDuration ?? "3.00:00:00";
    const maxShortTimer = options.maximumShortTimerDuration ?? "6.00:00:00";
    this.episodeCtx = {
      store: this.store,
      now: () => Date.now(),
      newId: () => randomUUID(),
      invoke: (name, payload, instanceId) => this.invokeOrchestrator(name, payload, instanceId),
      hasOrchestrator: (name) => this.findByTrigger(name, "orchestrationTrigger") !== undefined,
      longTimerInterval,
      longTimerIntervalMs: parseTimeSpanMs(longTimerInterval),
      maxShortTimer,
      maxShortTimerMs: parseTimeSpanMs(maxShortTimer),
    };
  }

  /** Loads the journal and resumes every instance, work item and timer. */
  start(): void {
    this.journal.open();
    for (const id of this.store.inbox.keys()) this.kick(id);
    for (const item of this.store.work.values()) this.runWork(item);
    for (const timer of this.store.timers.values()) this.arm(timer);
  }

  /** Stops dispatching, waits for running invocations (up to `graceMs`), closes the journal. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    for (const t of this.armed.values()) clearTimeout(t);
    this.armed.clear();
    const deadline = Date.now() + graceMs;
    while (this.busy > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    this.journal.close();
  }

  /** Persists `mutations` as one record and dispatches what they created. */
  commit(mutations: Mutation[]): void {
    if (this.stopped || mutations.length === 0) return;
    this.journal.commit(mutations);
    for (const m of mutations) {
      if (m.o === "msg") this.kick(m.to);
      else if (m.o === "work") this.runWork(m.v);
      else if (m.o === "timer") this.arm(m.v);
      else if (m.o === "done") this.disarm(m.id);
    }
    this.events.emit("change");
  }

  /** Forgets all state (tests, benchmarks). */
  reset(): void {
    for (const t of this.armed.values()) clearTimeout(t);
    this.armed.clear();
    this.store.clear();
    this.journal.compact();
    this.events.emit("change");
  }

  /** True when nothing is queued, running or deliverable. */
  isIdle(): boolean {
    return this.busy === 0 && this.queued.size === 0 && this.orchestrators.size === 0 && this.activities.size === 0;
  }

  /** Resolves once `predicate` holds (checked after every state change), or rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = predicate();
        if (v) {
          done();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.events.off("change", check);
      };
      this.events.on("change", check);
      check();
    });
  }

  /** Waits until the instance reaches a terminal status and returns it. */
  waitForInstance(instanceId: string, timeoutMs?: number): Promise<InstanceRecord> {
    return this.waitFor(() => {
      const i = this.store.instances.get(instanceId);
      return i && isTerminal(i.status) ? i : undefined;
    }, timeoutMs);
  }

  // ---- client operations ----

  /** Starts (or restarts a finished) orchestration instance. */
  startNew(name: string, instanceId: string | undefined, inputJson: string | null): string {
    const fn = this.findByTrigger(name, "orchestrationTrigger");
    if (!fn) throw new DurableClientError(`The function '${name}' doesn't exist or is not an orchestrator`, 400);
    const id = instanceId ?? randomUUID().replaceAll("-", "");
    if (id.startsWith("@")) throw new DurableClientError("Instance ids cannot start with '@'", 400);
    const existing = this.store.instances.get(id);
    if (existing && !isTerminal(existing.status)) {
      throw new DurableClientError(`An instance with ID '${id}' already exists (status ${existing.status})`, 409);
    }
    if (inputJson) {
      try {
        JSON.parse(inputJson);
      } catch {
        throw new DurableClientError("The orchestration input must be JSON", 400);
      }
    }
    const now = Date.now();
    const meta = newInstanceMeta(this.episodeCtx, {
      instanceId: id,
      name: fn.metadata.name,
      input: inputJson || null,
      at: now,
    });
    this.commit([
      { o: "ack", to: id, ids: (this.store.inbox.get(id) ?? []).map((m) => m.id) },
      { o: "inst", v: meta, reset: true, add: [] },
      { o: "msg", to: id, m: startMessage(this.episodeCtx, meta, now) },
    ]);
    return id;
  }

  /** Delivers an external event. */
  raiseEvent(instanceId: string, name: string, inputJson: string | undefined): void {
    const inst = this.requireInstance(instanceId);
    if (isTerminal(inst.status)) throw new DurableClientError(`Instance '${instanceId}' is ${inst.status}`, 410);
    const fields: Record<string, unknown> = { Name: name };
    if (inputJson !== undefined) fields.Input = inputJson;
    this.message(instanceId, event(EventType.EventRaised, Date.now(), fields));
  }

  /** Terminates, suspends or resumes an instance. */
  control(instanceId: string, op: "terminate" | "suspend" | "resume", reason: string): void {
    const inst = this.requireInstance(instanceId);
    if (isTerminal(inst.status)) throw new DurableClientError(`Instance '${instanceId}' is ${inst.status}`, 410);
    const type = {
      terminate: EventType.ExecutionTerminated,
      suspend: EventType.ExecutionSuspended,
      resume: EventType.ExecutionResumed,
    }[op];
    this.message(instanceId, event(type, Date.now(), { Input: reason }));
  }

  /** Deletes the instances `ids`; returns how many existed. */
  purge(ids: string[]): number {
    const found = ids.filter((id) => this.store.instances.has(id));
    this.commit(found.map((id) => ({ o: "delInst", id }) as Mutation));
    return found.length;
  }

  /** Sends an operation to an entity. */
  signalEntity(name: string, key: string, op: string, inputJson: string | undefined): void {
    this.commit([
      {
        o: "msg",
        to: `@${name.toLowerCase()}@${key}`,
        m: { id: randomUUID(), entityOp: { name: op, input: inputJson, isSignal: true } },
      },
    ]);
  }

  private message(instanceId: string, e: ReturnType<typeof event>): void {
    this.commit([{ o: "msg", to: instanceId, m: { id: randomUUID(), event: e } }]);
  }

  private requireInstance(instanceId: string): InstanceRecord {
    const inst = this.store.instances.get(instanceId);
    if (!inst) throw new DurableClientError(`No instance with ID '${instanceId}'`, 404);
    return inst;
  }

  // ---- dispatch ----

  /** Finds a function with the given trigger type by case-insensitive name. */
  findByTrigger(name: string, triggerType: string) {
    const fn = this.registry.find(name);
    return fn && fn.trigger.type.toLowerCase() === triggerType.toLowerCase() ? fn : undefined;
  }

  private kick(id: string): void {
    if (this.stopped) return;
    if (this.running.has(id)) {
      this.dirty.add(id);
      return;
    }
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.orchestrators.run(async () => {
      this.queued.delete(id);
      this.running.add(id);
      this.busy++;
      let progressed = false;
      try {
        progressed = await this.process(id);
      } catch (err) {
        this.log.host("error", `processing '${id}' failed: ${(err as Error).stack ?? err}`);
      } finally {
        this.running.delete(id);
        this.busy--;
        const again = this.dirty.delete(id) || progressed;
        if (again && (this.store.inbox.get(id)?.length ?? 0) > 0) this.kick(id);
        this.events.emit("change");
      }
    });
  }

  private async process(id: string): Promise<boolean> {
    const inbox = [...(this.store.inbox.get(id) ?? [])];
    if (inbox.length === 0) return false;
    let mutations: Mutation[];
    if (id.startsWith("@")) {
      mutations = await runEntityBatch(
        {
          store: this.store,
          newId: () => randomUUID(),
          invoker: this.invoker,
          findEntity: (name) => this.findByTrigger(name, "entityTrigger"),
        },
        id,
        inbox,
      );
    } else {
      const inst = this.store.instances.get(id);
      if (!inst) mutations = [{ o: "ack", to: id, ids: inbox.map((m) => m.id) }];
      else {
        const started = performance.now();
        try {
          mutations = await runEpisode(this.episodeCtx, inst, inbox);
        } catch (err) {
          // A host-side failure must not wedge the instance: fail it with the reason.
          mutations = failInstance(inst, inbox, `Devhost failed to run an episode: ${(err as Error)?.message ?? err}`);
        }
        this.episodeDurations.push(performance.now() - started);
      }
    }
    if (this.stopped) return false;
    this.commit(mutations);
    return mutations.some((m) => m.o === "ack" && m.ids.length > 0);
  }

  private async invokeOrchestrator(
    name: string,
    payload: unknown,
    instanceId: string,
  ): Promise<{ state: OrchestratorState; failed: boolean; librarySequence?: number }> {
    const fn = this.findByTrigger(name, "orchestrationTrigger");
    if (!fn)
      return {
        state: { isDone: false, actions: [[]], error: `The orchestrator '${name}' is not registered` },
        failed: true,
      };
    try {
      const { raw, context } = await this.invoker.invoke(fn, {
        trigger: { json: JSON.stringify(payload) },
        instanceId,
      });
      // durable-functions 3.5 internals, read only to cross-check the host's task ids (absent → no check).
      const executor = (context as { df?: { taskOrchestratorExecutor?: { sequenceNumber?: unknown } } })?.df
        ?.taskOrchestratorExecutor;
      const seq = executor?.sequenceNumber;
      return {
        state: raw as OrchestratorState,
        failed: false,
        librarySequence: typeof seq === "number" ? seq : undefined,
      };
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      const marker = message.indexOf("$OutOfProcData$:");
      if (marker >= 0) {
        return { state: JSON.parse(message.slice(marker + "$OutOfProcData$:".length)), failed: true };
      }
      return { state: { isDone: false, actions: [[]], error: message }, failed: true };
    }
  }

  private runWork(item: ActivityWorkItem): void {
    if (this.stopped || this.inFlight.has(item.id)) return;
    this.inFlight.add(item.id);
    this.activities.run(async () => {
      this.busy++;
      try {
        const mutations = await runActivity(
          {
            invoker: this.invoker,
            newId: () => randomUUID(),
            findActivity: (name) => this.findByTrigger(name, "activityTrigger"),
            failureDetails: this.options.activityFailureDetails ?? false,
          },
          item,
        );
        if (!this.stopped && this.store.work.has(item.id)) this.commit(mutations);
      } finally {
        this.inFlight.delete(item.id);
        this.busy--;
        this.events.emit("change");
      }
    });
  }

  private arm(timer: TimerItem): void {
    if (this.stopped) return;
    this.disarm(timer.id);
    const delay = Math.max(0, timer.fireAt - Date.now());
    const handle = setTimeout(
      () => {
        this.armed.delete(timer.id);
        if (timer.fireAt > Date.now()) return this.arm(timer);
        if (!this.store.timers.has(timer.id)) return;
        this.commit([
          { o: "done", id: timer.id },
          {
            o: "msg",
            to: timer.instanceId,
            m: {
              id: randomUUID(),
              executionId: timer.executionId,
              event: event(EventType.TimerFired, Date.now(), {
                TimerId: timer.timerId,
                FireAt: new Date(timer.fireAt).toISOString(),
              }),
            },
          },
        ]);
      },
      Math.min(delay, MAX_TIMEOUT),
    );
    this.armed.set(timer.id, handle);
  }

  private disarm(id: string): void {
    const handle = this.armed.get(id);
    if (handle) {
      clearTimeout(handle);
      this.armed.delete(id);
    }
  }
}
