import type { RegisteredFunction } from "../app/coreApi.js";
import { extraInputsFor } from "../app/extraInputs.js";
import type { Invoker } from "../app/invoke.js";
import { event, failureFields } from "./history.js";
import { type ActivityWorkItem, EventType, type Mutation } from "./types.js";

/** What running an activity needs. */
export interface ActivityContext {
  invoker: Invoker;
  newId(): string;
  /** Task-hub time, for the completion's timestamp. */
  now(): number;
  findActivity(name: string): RegisteredFunction | undefined;
  failureDetails: boolean;
  /** The durableClient binding's value, for activities with a durable client input. */
  clientData: () => unknown;
}

/**
 * Runs one activity work item and returns the mutations that complete it: the work item is removed and the
 * TaskCompleted/TaskFailed message enqueued in the same record, so a completion is recorded once.
 */
export async function runActivity(ctx: ActivityContext, item: ActivityWorkItem): Promise<Mutation[]> {
  const fn = ctx.findActivity(item.name);
  let fields: Record<string, unknown>;
  let type: number = EventType.TaskCompleted;
  if (!fn) {
    type = EventType.TaskFailed;
    fields = failureFields(
      `The activity function '${item.name}' doesn't exist`,
      { message: `The activity function '${item.name}' doesn't exist` },
      ctx.failureDetails,
    );
  } else {
    try {
      const { raw } = await ctx.invoker.invoke(fn, {
        trigger: { json: item.input },
        extraInputs: extraInputsFor(fn, ctx.clientData),
        instanceId: item.instanceId,
        logDetail: `task=${item.taskId}`,
      });
      fields = { Result: JSON.stringify(raw) ?? null };
    } catch (err) {
      type = EventType.TaskFailed;
      const e = err instanceof Error ? err : new Error(String(err));
      fields = failureFields(`Activity function '${item.name}' failed: ${e.message}`, e, ctx.failureDetails);
    }
  }
  return [
    { o: "done", id: item.id },
    {
      o: "msg",
      to: item.instanceId,
      m: {
        id: ctx.newId(),
        executionId: item.executionId,
        event: event(type, ctx.now(), { TaskScheduledId: item.taskId, ...fields }),
      },
    },
  ];
}
