import { ArmThrottledError, answerThrottling } from "../azure/throttling.js";
import { type GateAnswer, WriteRefusedError, withWriteGate } from "../azure/writeGate.js";
import { isMeteredInput, type WriteDeferred } from "../request/index.js";
import type { WriteBudgetTable } from "./writeBudgetTable.js";

type Handler = (input: unknown) => Promise<unknown>;
type Metered = (input: unknown, warn?: (message: string) => void) => Promise<unknown>;

/**
 * An activity that takes its write's token itself (`runBranches` wraps a write-making call's input in a
 * `MeteredInput`). It first asks the budget (a refusal is answered before any ARM call); then the ARM clients' write
 * gate (`src/azure/writeGate.ts`) takes the token right before the first write is sent, after the activity's
 * existence read, so a token is spent when the write goes out, however long the call waited for an activity slot.
 * A refusal answers `WriteDeferred` at once, nothing written, so the orchestrator waits on a durable timer instead
 * of this activity holding a slot; so does a 429 from ARM on any of the call's requests, with ARM's Retry-After,
 * instead of the SDK waiting it out in the slot. Other inputs pass through.
 *
 * A budget that cannot be reached (its table's storage down, after the client's retries) lets the write go
 * unmetered, with a warning: the budget only spares ARM's write bucket, and ARM's own 429s are still waited out,
 * so it must not fail a provisioning (the cluster registry on the same storage is best-effort too).
 */
export function meteredWrite(budget: () => WriteBudgetTable, handler: Handler, now = Date.now): Metered {
  return async (input, warn = () => {}) => {
    if (!isMeteredInput(input)) return handler(input);
    const { subscriptionId, settings, ticketMs } = input.writeBudget;
    const unmetered = (error: unknown): GateAnswer => {
      warn(`ARM write budget of ${subscriptionId} unreachable, write sent unmetered: ${messageOf(error)}`);
      return { granted: true };
    };
    const asked = await budget().ask(subscriptionId, settings, now(), ticketMs).catch(unmetered);
    if (!asked.granted) return deferred(asked);
    try {
      return await withWriteGate(
        () => budget().take(subscriptionId, settings, now(), ticketMs).catch(unmetered),
        () => answerThrottling(() => handler(input.input)),
      );
    } catch (error) {
      // ARM throttled a call (the existence read, mostly; the budget is drained for it by `watchThrottling`): back
      // after its Retry-After with this call's ticket, nothing left half done that a second call would not redo.
      if (error instanceof ArmThrottledError) {
        const retryAtMs = Math.max(ticketMs ?? 0, now() + error.retryAfterMs);
        return deferred({ retryAfterMs: error.retryAfterMs, retryAtMs });
      }
      if (!(error instanceof WriteRefusedError)) throw error;
      return deferred(error.answer);
    }
  };
}

function deferred({ retryAfterMs, retryAtMs }: { retryAfterMs: number; retryAtMs: number }): WriteDeferred {
  return { writeDeferred: { retryAfterMs, ticketMs: retryAtMs } };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
