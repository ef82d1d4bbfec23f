import { CronExpressionParser } from "cron-parser";
import type { CancelTimer, Clock } from "../../shared/clock.js";
import type { FunctionRegistry, RegisteredFunction } from "../app/coreApi.js";
import { extraInputsFor } from "../app/extraInputs.js";
import type { Invoker } from "../app/invoke.js";
import { parseTimeSpanMs, resolveExpression } from "../app/settings.js";
import type { DurableEngine } from "../durable/engine.js";
import type { DevhostLogger } from "../log.js";

/** Dependencies of the timer triggers. */
export interface TimerTriggerDeps {
  registry: FunctionRegistry;
  invoker: Invoker;
  engine: DurableEngine;
  log: DevhostLogger;
  env: Record<string, string | undefined>;
  clientData: () => unknown;
}

interface TimerState {
  fn: RegisteredFunction;
  next: (after: Date) => Date;
  cancel?: CancelTimer;
  running: boolean;
}

/** Next occurrence after `after` for an NCRONTAB (6 fields) or TimeSpan schedule, in `tz`. */
export function scheduleFunction(schedule: string, tz: string | undefined): (after: Date) => Date {
  if (/^(\d+\.)?\d+:\d+:\d+$/.test(schedule.trim())) {
    const ms = parseTimeSpanMs(schedule);
    return (after) => new Date(after.getTime() + ms);
  }
  if (schedule.trim().split(/\s+/).length !== 6)
    throw new Error(`Timer schedule '${schedule}' is not 6-field NCRONTAB`);
  return (after) =>
    CronExpressionParser.parse(schedule, { currentDate: after, ...(tz ? { tz } : {}) })
      .next()
      .toDate();
}

/**
 * Runs timer-triggered functions on their NCRONTAB schedule (time zone from WEBSITE_TIME_ZONE), with
 * `runOnStartup`, and `isPastDue` when an occurrence was missed while the host was down (status is persisted).
 */
export class TimerTriggers {
  private readonly timers = new Map<string, TimerState>();
  private stopped = false;

  constructor(private readonly deps: TimerTriggerDeps) {}

  /** Schedules fall due on the task hub's clock, so a test that moves it moves them too. */
  private get clock(): Clock {
    return this.deps.engine.clock;
  }

  /** Arms every timer function. */
  start(): void {
    const tz = this.deps.env.WEBSITE_TIME_ZONE || undefined;
    for (const fn of this.deps.registry.byTrigger("timerTrigger")) {
      const schedule = resolveExpression(String(fn.trigger.schedule ?? ""), this.deps.env);
      const state: TimerState = { fn, next: scheduleFunction(schedule, tz), running: false };
      this.timers.set(fn.metadata.name, state);
      const record = this.deps.engine.store.schedules.get(fn.metadata.name);
      const pastDue = record !== undefined && Date.parse(record.next) < this.clock.now();
      if (pastDue || fn.trigger.runOnStartup === true) void this.fire(state, pastDue);
      else this.arm(state);
    }
  }

  /** Invokes a timer function now (admin API, tests). */
  async runNow(name: string): Promise<boolean> {
    const state = this.timers.get(name);
    if (!state) return false;
    await this.fire(state, false);
    return true;
  }

  /** Stops all timers. */
  stop(): void {
    this.stopped = true;
    for (const s of this.timers.values()) s.cancel?.();
  }

  private arm(state: TimerState, last?: Date): void {
    if (this.stopped) return;
    const next = state.next(new Date(this.clock.now()));
    this.saveStatus(state, next, last);
    // A run on demand re-arms from now; the alarm it pre-empted must not start a second schedule.
    state.cancel?.();
    state.cancel = this.clock.setTimer(next.getTime(), () => void this.fire(state, false));
  }

  private saveStatus(state: TimerState, next: Date, last?: Date): void {
    const name = state.fn.metadata.name;
    const prev = this.deps.engine.store.schedules.get(name);
    this.deps.engine.commit([
      {
        o: "sched",
        v: {
          name,
          last: last?.toISOString() ?? prev?.last ?? "0001-01-01T00:00:00.000Z",
          next: next.toISOString(),
          lastUpdated: new Date(this.clock.now()).toISOString(),
        },
      },
    ]);
  }

  private async fire(state: TimerState, isPastDue: boolean): Promise<void> {
    if (this.stopped || state.running) return;
    state.running = true;
    const name = state.fn.metadata.name;
    const firedAt = new Date(this.clock.now());
    const status = this.deps.engine.store.schedules.get(name);
    try {
      await this.deps.invoker.invoke(state.fn, {
        trigger: {
          json: JSON.stringify({
            Schedule: { AdjustForDST: true },
            ScheduleStatus: status ? { Last: status.last, Next: status.next, LastUpdated: status.lastUpdated } : null,
            IsPastDue: isPastDue,
          }),
        },
        extraInputs: extraInputsFor(state.fn, this.deps.clientData),
      });
    } catch (err) {
      this.deps.log.host("error", `timer ${name}: ${(err as Error)?.message ?? err}`);
    } finally {
      state.running = false;
      this.arm(state, firedAt);
    }
  }
}
