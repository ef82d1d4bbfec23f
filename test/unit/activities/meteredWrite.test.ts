import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { meteredWrite } from "../../../src/activities/meteredWrite.js";
import type { WriteBudgetTable } from "../../../src/activities/writeBudgetTable.js";
import { fullBudget, takeWrite, type WriteBudgetState } from "../../../src/request/index.js";

// The bucket in memory (the table's own behaviour is tested against Azurite in test/integration/registry).
function memoryBudget(): WriteBudgetTable & { takes: string[] } {
  const rows = new Map<string, WriteBudgetState>();
  const takes: string[] = [];
  return {
    takes,
    async take(subscriptionId, settings, nowMs) {
      takes.push(subscriptionId);
      const { state, grant } = takeWrite(rows.get(subscriptionId) ?? fullBudget(settings, nowMs), settings, nowMs);
      rows.set(subscriptionId, state);
      return grant;
    },
    async drain() {},
    async read(subscriptionId) {
      return rows.get(subscriptionId);
    },
  };
}

describe("a write-making activity takes its own budget token", () => {
  const settings = { burst: 1, perSecond: 4 };
  const metered = (input: unknown) => ({ writeBudget: { subscriptionId: "sub", settings }, input });

  it("runs with the unwrapped input while the bucket grants, and answers a deferral without running when not", async () => {
    const budget = memoryBudget();
    const ran: unknown[] = [];
    const handler = meteredWrite(
      () => budget,
      async (input) => {
        ran.push(input);
        return { done: input };
      },
      () => 1000,
    );
    assert.deepEqual(await handler(metered({ name: "vnet" })), { done: { name: "vnet" } });
    assert.deepEqual(await handler(metered({ name: "disk" })), {
      writeDeferred: { retryAfterMs: 250, ticketMs: 1250 },
    });
    assert.deepEqual(ran, [{ name: "vnet" }], "the refused write was not sent");
  });

  it("passes a call that was not metered (a read, or a run without a budget) straight through", async () => {
    const budget = memoryBudget();
    const handler = meteredWrite(
      () => budget,
      async (input) => input,
    );
    assert.deepEqual(await handler({ operation: "poll" }), { operation: "poll" });
    assert.deepEqual(budget.takes, []);
  });
});
