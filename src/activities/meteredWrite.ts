import { isMeteredInput, type WriteDeferred } from "../request/index.js";
import type { WriteBudgetTable } from "./writeBudgetTable.js";

type Handler = (input: unknown) => Promise<unknown>;

/**
 * An activity that takes its write's token itself, right before it runs (`runBranches` wraps a write-making
 * call's input in a `MeteredInput`): a token is spent when the write is sent, not when an orchestrator asked,
 * however long the call waited for an activity slot. A refusal answers `WriteDeferred` at once, without running,
 * so the orchestrator waits on a durable timer instead of this activity holding a slot. Other inputs pass through.
 */
export function meteredWrite(budget: () => WriteBudgetTable, handler: Handler, now = Date.now): Handler {
  return async (input) => {
    if (!isMeteredInput(input)) return handler(input);
    const { subscriptionId, settings, ticketMs } = input.writeBudget;
    const grant = await budget().take(subscriptionId, settings, now(), ticketMs);
    if (!grant.granted)
      return { writeDeferred: { retryAfterMs: grant.retryAfterMs, ticketMs: grant.retryAtMs } } satisfies WriteDeferred;
    return handler(input.input);
  };
}
