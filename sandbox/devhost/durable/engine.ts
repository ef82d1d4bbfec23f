import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { type Clock, systemClock } from "../../shared/clock.js";
import type { FsyncPolicy } from "../../shared/journal.js";
import type { FunctionRegistry } from "../app/coreApi.js";
import { outOfProcState } from "../app/failureMessage.js";
import type { Invoker } from "../app/invoke.js";
import { parseTimeSpanMs } from "../app/settings.js";
import type { DevhostLogger } from "../log.js";
import { Pool } from "../pool.js";
import { runActivity } from "./activityRunner.js";
import { DurableJournal } from "./durableJournal.js";
import { isEntitySchedulerId } from "./entityId.js";
import { runEntityBatch } from "./entityRunner.js";
import { runEpisode } from "./episode.js";
import type { EpisodeContext, OrchestratorState } from "./episodeContext.js";
import { failInstance } from "./errors.js";
import { event } from "./history.js";
import { StateStore } from "./stateStore.js";
import { TimerSet } from "./timerSet.js";
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
  /** The durableClient binding's value, for activities that take a durable client input (as the extension allows). */
  clientData?: () => unknown;
  /** Journal directory; undefined keeps state in memory. */
  stateDir?: string;
  /** Journal compaction threshold in bytes. Defaults to 16 MiB. */
  compactAfterBytes?: number;
  /** fsync each journal record (`always`). Defaults to "never" (a SIGKILL cannot lose written records anyway). */
  fsync?: FsyncPolicy;
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
  /** Task-hub time: history timestamps (`currentUtcDateTime`), durable timers, retry back-off. Defaults to the wall clock. */
  clock?: Clock;
}

/**
 * The Durable Task side of the devhost: owns the journaled state, runs episodes, activities and entity batches
 * in bounded pools, fires timers, and offers the operations the client API needs.
 */
export class DurableEngine {
  readonly store = new StateStore();
  /** Emits "change" after every state change and "episode" (duration in ms) after every orchestrator episode. */
  readonly events = new EventEmitter();
  private readonly journal: DurableJournal;
  private readonly orchestrators: Pool;
  private readonly activities: Pool;
  /** Instance/entity ids waiting for an episode slot. */
  private readonly queued = new Set<string>();
  /** Instance/entity ids with an episode running. */
  private readonly running = new Set<string>();
  /** Ids that got a message while running, so they go again. */
  private readonly dirty = new Set<string>();
  /** Activity work items queued or running. */
  private readonly inFlight = new Set<string>();
  /** Task-hub time; everything that stamps or waits reads it. */
  readonly clock: Clock;
  private readonly timers: TimerSet<TimerItem>;
  private readonly episodeCtx: EpisodeContext;
  private stopped = false;
  /** No dispatch while set (test fault `holdDispatch`); what arrives meanwhile waits in the store. */
  private held = false;
  /** Whether new episodes, entity batches and activities may begin: not once stopped, nor while held. */
  private get dispatching(): boolean {
    return !this.stopped && !this.held;
  }

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly invoker: Invoker,
    private readonly log: DevhostLogger,
    private readonly options: DurableEngineOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.timers = new TimerSet<TimerItem>(this.clock, (t) => this.fireTimer(t));
    this.journal = new DurableJournal(this.store, {
      dir: options.stateDir,
      compactAfterBytes: options.compactAfterBytes,
      fsync: options.fsync,
    });
    this.orchestrators = new Pool(options.maxConcurrentOrchestratorFunctions ?? 10);
    this.activities = new Pool(options.maxConcurrentActivityFunctions ?? 10);
    const longTimerInterval = options.longRunningTimerIntervalDuration ?? "3.00:00:00";
    const maxShortTimer = options.maximumShortTimerDuration ?? "6.00:00:00";
    this.episodeCtx = {
      store: this.store,
      now: () => this.clock.now(),
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
    this.dispatchWaiting();
    for (const timer of this.store.timers.values()) this.timers.arm(timer);
  }

  /** Holds dispatch (nothing new begins), or lifts the hold and dispatches everything that waited. */
  holdDispatch(held: boolean): void {
    this.held = held;
    if (!held) this.dispatchWaiting();
  }

  private dispatchWaiting(): void {
    for (const id of this.store.inbox.keys()) this.kick(id);
    for (const item of this.store.work.values()) this.runWork(item);
  }

  /** Stops dispatching, waits for running invocations (up to `graceMs`), closes the journal. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    this.timers.clear(true);
    // Queued work bails out once it gets a slot; running work finishes (its results are not committed).
    await this.waitFor(() => this.isIdle(), graceMs).catch(() => {});
    this.journal.close();
  }

  /** Persists `mutations` as one record and dispatches what they created. */
  commit(mutations: Mutation[]): void {
    if (this.stopped || mutations.length === 0) return;
    this.journal.commit(mutations);
    for (const m of mutations) {
      if (m.o === "msg") this.kick(m.to);
      else if (m.o === "work") this.runWork(m.v);
      else if (m.o === "timer") this.timers.arm(m.v);
      else if (m.o === "done") this.timers.disarm(m.id);
    }
    this.events.emit("change");
  }

  /** Forgets all state (tests, benchmarks). */
  reset(): void {
    this.timers.clear();
    this.store.clear();
    this.journal.compact();
    this.events.emit("change");
  }

  /** True when no episode, entity batch or activity is queued or running (exact whenever "change" is emitted). */
  isIdle(): boolean {
    return this.queued.size === 0 && this.running.size === 0 && this.inFlight.size === 0;
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

  // ---- dispatch ----

  /** Finds a function with the given trigger type by case-insensitive name. */
  findByTrigger(name: string, triggerType: string) {
    const fn = this.registry.find(name);
    return fn && fn.trigger.type.toLowerCase() === triggerType.toLowerCase() ? fn : undefined;
  }

  private kick(id: string): void {
    if (!this.dispatching) return;
    if (this.running.has(id)) {
      this.dirty.add(id);
      return;
    }
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.orchestrators.run(async () => {
      this.queued.delete(id);
      // Stopped, or held since it was queued: its messages stay in the inbox for the next dispatch.
      if (!this.dispatching) return void this.events.emit("change");
      this.running.add(id);
      let progressed = false;
      try {
        progressed = await this.process(id);
      } catch (err) {
        this.log.host("error", `processing '${id}' failed: ${(err as Error).stack ?? err}`);
      } finally {
        this.running.delete(id);
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
    if (isEntitySchedulerId(id)) {
      mutations = await runEntityBatch(
        {
          store: this.store,
          newId: () => randomUUID(),
          invoker: this.invoker,
          now: () => this.clock.now(),
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
          const reason = `Devhost failed to run an episode: ${(err as Error)?.message ?? err}`;
          mutations = failInstance(inst, inbox, reason, this.clock.now());
        }
        this.events.emit("episode", performance.now() - started);
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
      const state = outOfProcState(message) as OrchestratorState | undefined;
      return { state: state ?? { isDone: false, actions: [[]], error: message }, failed: true };
    }
  }

  private runWork(item: ActivityWorkItem): void {
    if (!this.dispatching || this.inFlight.has(item.id)) return;
    this.inFlight.add(item.id);
    this.activities.run(async () => {
      try {
        if (!this.dispatching) return;
        const mutations = await runActivity(
          {
            invoker: this.invoker,
            newId: () => randomUUID(),
            now: () => this.clock.now(),
            findActivity: (name) => this.findByTrigger(name, "activityTrigger"),
            failureDetails: this.options.activityFailureDetails ?? false,
            clientData: this.options.clientData ?? (() => ({})),
          },
          item,
        );
        if (!this.stopped && this.store.work.has(item.id)) this.commit(mutations);
      } finally {
        this.inFlight.delete(item.id);
        this.events.emit("change");
      }
    });
  }

  private fireTimer(timer: TimerItem): void {
    if (!this.store.timers.has(timer.id)) return;
    this.commit([
      { o: "done", id: timer.id },
      {
        o: "msg",
        to: timer.instanceId,
        m: {
          id: randomUUID(),
          executionId: timer.executionId,
          event: event(EventType.TimerFired, this.clock.now(), {
            TimerId: timer.timerId,
            FireAt: new Date(timer.fireAt).toISOString(),
          }),
        },
      },
    ]);
  }
}
