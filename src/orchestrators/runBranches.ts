import type * as df from "durable-functions";
import { isWriteDeferred, type MeteredInput, type StepId, type WriteBudgetSettings } from "../request/index.js";
import type { Branch, Need } from "./activityCalls.js";
import type { ExtraCall } from "./outbox.js";

/** Thrown when an activity failed for good (its retries spent): which step, and the error the host reported. */
export class ActivityFailedError extends Error {
  override name = "ActivityFailedError";
  constructor(
    readonly step: StepId | undefined,
    readonly failure: Error,
  ) {
    super(failure.message);
  }
}

/** Options of `runBranches`. */
export interface RunBranchesOptions {
  retry: df.RetryOptions;
  /** The shared ARM write budget every write-making call draws from; none means writes go unmetered. */
  writeBudget?: WriteBudgetSettings;
  /** Activity calls to add to every batch (event delivery rides along with the ARM calls); they must not throw. */
  extraCalls?: () => ExtraCall[];
  /** Called after every batch and every pause: the place to publish custom status. */
  onProgress?: () => void;
}

interface Slot<R> {
  branch: Branch<R>;
  need?: Need;
  done: boolean;
  result?: R;
  /** A write-making call the budget refused waits until then (ms). */
  notBeforeMs?: number;
  /** And comes back with the ticket the refusal gave it (`WriteDeferred`). */
  ticketMs?: number;
}

type CallNeed = Extract<Need, { kind: "activity" | "subOrchestration" }>;
const isCall = (need: Need | undefined): need is CallNeed =>
  need?.kind === "activity" || need?.kind === "subOrchestration";

/**
 * Runs branches in parallel, deterministically: each round calls, in one `Task.all`, the activity (or the
 * sub-orchestration) every ready branch asks for (a write-making one takes its budget token inside its activity and
 * may come back refused, to be called again with its ticket when the budget said); when all remaining branches
 * wait, one timer runs to the earliest wake-up. A branch that throws fails the run at once (the others are
 * abandoned where they stand).
 */
export function* runBranches<R>(
  context: df.OrchestrationContext,
  branches: Branch<R>[],
  options: RunBranchesOptions,
): Generator<df.Task, R[], unknown> {
  const slots: Slot<R>[] = branches.map((branch) => ({ branch, done: false }));
  const advance = (slot: Slot<R>, value: unknown) => {
    const next = slot.branch.next(value);
    slot.notBeforeMs = undefined;
    slot.ticketMs = undefined;
    if (next.done) {
      slot.done = true;
      slot.result = next.value;
      slot.need = undefined;
    } else slot.need = next.value;
  };
  for (const slot of slots) advance(slot, undefined);
  for (;;) {
    const now = context.df.currentUtcDateTime.getTime();
    // Wake every sleeper whose time has come, until each slot wants a call, a later wake-up, or is done.
    for (const slot of slots) {
      while (slot.need?.kind === "sleep" && slot.need.until.getTime() <= now) advance(slot, undefined);
    }
    const calling = slots.filter((s) => isCall(s.need) && (s.notBeforeMs ?? 0) <= now);
    // Every branch done: return now. What `extraCalls` has pending rides with the caller's next batch (a round of
    // its own here would delay the next stage by an activity round-trip, on the critical path at every stage).
    if (calling.length === 0 && slots.every((s) => s.done)) return slots.map((s) => s.result as R);
    const extra = options.extraCalls?.() ?? [];
    if (calling.length > 0 || extra.length > 0) {
      const needs = calling.map((s) => s.need as CallNeed);
      const tasks = [
        ...needs.map((n, i) =>
          n.kind === "activity"
            ? context.df.callActivityWithRetry(
                n.name,
                options.retry,
                metered(n, options.writeBudget, calling[i]?.ticketMs),
              )
            : context.df.callSubOrchestrator(n.name, n.input, n.instanceId),
        ),
        ...extra.map((e) => context.df.callActivityWithRetry(e.name, options.retry, e.input)),
      ];
      try {
        yield context.df.Task.all(tasks);
      } catch (error) {
        const failed = tasks.findIndex((t) => t.isFaulted);
        throw new ActivityFailedError(needs[failed]?.step, error instanceof Error ? error : new Error(String(error)));
      }
      const after = context.df.currentUtcDateTime.getTime();
      calling.forEach((slot, i) => {
        const result = tasks[i]?.result;
        // Refused by the write budget: the same call again once the budget said a token will be there.
        if (isWriteDeferred(result)) {
          slot.notBeforeMs = after + result.writeDeferred.retryAfterMs;
          slot.ticketMs = result.writeDeferred.ticketMs;
        } else advance(slot, result);
      });
      extra.forEach((e, i) => {
        e.done?.(tasks[calling.length + i]?.result);
      });
      options.onProgress?.();
      continue;
    }
    const wakeUps = slots.flatMap((s) =>
      s.need?.kind === "sleep" ? [s.need.until.getTime()] : isCall(s.need) ? [s.notBeforeMs ?? now] : [],
    );
    if (wakeUps.length === 0) return slots.map((s) => s.result as R);
    options.onProgress?.();
    yield context.df.createTimer(new Date(Math.min(...wakeUps)));
  }
}

/**
 * A call's input, wrapped for its activity to take a token of its subscription's write budget before its write
 * when the call writes and a budget is set (`src/activities/meteredWrite.ts`), with the ticket of its last refusal.
 */
function metered(
  need: Extract<Need, { kind: "activity" }>,
  settings: WriteBudgetSettings | undefined,
  ticketMs: number | undefined,
): unknown {
  if (!need.writes || !settings) return need.input;
  const { subscriptionId } = need.writes;
  const wrapped: MeteredInput = {
    writeBudget: { subscriptionId, settings, ...(ticketMs === undefined ? {} : { ticketMs }) },
    input: need.input,
  };
  return wrapped;
}
