import { WriteRefusedError, withWriteGate } from "../azure/writeGate.js";
import { isMeteredInput, type WriteDeferred } from "../request/index.js";
import type { WriteBudgetTable } from "./writeBudgetTable.js";

type Handler = (input: unknown) => Promise<unknown>;

/**
 * An activity that takes its write's token itself (`runBranches` wraps a write-making call's input in a
 * `MeteredInput`). It first asks the budget (a refusal is answered before any ARM call); then the ARM clients' write
 * gate (`src/azure/writeGate.ts`) takes the token right before the first write is sent, after the activity's
 * existence read, so a token is spent when the write goes out, however long the call waited for an activity slot.
 * A refusal answers `WriteDeferred` at once, nothing written, so the orchestrator waits on a durable timer instead
 * of this activity holding a slot. Other inputs pass through.
 */
export function meteredWrite(budget: () => WriteBudgetTable, handler: Handler, now = Date.now): Handler {
  return async (input) => {
    if (!isMeteredInput(input)) return handler(input);
    const { subscriptionId, settings, ticketMs } = input.writeBudget;
    const asked = await budget().ask(subscriptionId, settings, now(), ticketMs);
    if (!asked.granted) return deferred(asked);
    try {
      return await withWriteGate(
        () => budget().take(subscriptionId, settings, now(), ticketMs),
        () => handler(input.input),
      );
    } catch (error) {
      if (!(error instanceof WriteRefusedError)) throw error;
      return deferred(error.answer);
    }
  };
}

function deferred({ retryAfterMs, retryAtMs }: { retryAfterMs: number; retryAtMs: number }): WriteDeferred {
  return { writeDeferred: { retryAfterMs, ticketMs: retryAtMs } };
}
