import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { meteredWrite } from "../../../src/activities/meteredWrite.js";
import type { WriteBudgetTable } from "../../../src/activities/writeBudgetTable.js";
import { throttlingPolicy } from "../../../src/azure/throttling.js";
import { writeGatePolicy } from "../../../src/azure/writeGate.js";
import { fullBudget, takeWrite, type WriteBudgetState } from "../../../src/request/index.js";

// The bucket in memory (the table's own behaviour is tested against Azurite in test/integration/registry).
function memoryBudget(): WriteBudgetTable & { takes: string[] } {
  const rows = new Map<string, WriteBudgetState>();
  const takes: string[] = [];
  return {
    takes,
    async take(subscriptionId, settings, nowMs, ticketMs) {
      takes.push(subscriptionId);
      const state = rows.get(subscriptionId) ?? fullBudget(settings, nowMs);
      const { state: next, grant } = takeWrite(state, settings, nowMs, ticketMs);
      rows.set(subscriptionId, next);
      return grant;
    },
    async ask(subscriptionId, settings, nowMs, ticketMs) {
      const state = rows.get(subscriptionId) ?? fullBudget(settings, nowMs);
      const { state: next, grant } = takeWrite(state, settings, nowMs, ticketMs);
      if (!grant.granted) rows.set(subscriptionId, next);
      return grant;
    },
    async drain() {},
    async read(subscriptionId) {
      return rows.get(subscriptionId);
    },
  };
}

// What an activity's ARM calls look like to the gate: requests through the clients' pipeline policy.
const sent: string[] = [];
const send = (method: string) =>
  writeGatePolicy.sendRequest({ method, url: `https://arm/${method}` } as PipelineRequest, async (r) => {
    sent.push(r.method);
    return { status: 200 } as PipelineResponse;
  });

describe("a write-making activity takes its own budget token", () => {
  it("is refused at the gate, after its existence read, when another took the token it was asked for", async () => {
    const budget = memoryBudget();
    sent.length = 0;
    const settings1 = { burst: 1, perSecond: 4 };
    const racing = meteredWrite(
      () => budget,
      async () => {
        await send("GET");
        await budget.take("sub", settings1, 1000); // another instance takes the last token meanwhile
        await send("PUT");
        return "sent";
      },
      () => 1000,
    );
    const answer = await racing({ writeBudget: { subscriptionId: "sub", settings: settings1 }, input: {} });
    assert.deepEqual(answer, { writeDeferred: { retryAfterMs: 250, ticketMs: 1250 } });
    assert.deepEqual(sent, ["GET"]);
  });

  const settings = { burst: 1, perSecond: 4 };
  const metered = (input: unknown) => ({ writeBudget: { subscriptionId: "sub", settings }, input });
  const activity = (budget: WriteBudgetTable) =>
    meteredWrite(
      () => budget,
      async (input) => {
        await send("GET"); // the existence read
        await send("PUT");
        await send("PUT"); // one token per activity call
        return { done: input };
      },
      () => 1000,
    );

  it("its first write takes the token after its reads; a refused one is not sent and the call answers a deferral", async () => {
    const budget = memoryBudget();
    sent.length = 0;
    assert.deepEqual(await activity(budget)(metered("vnet")), { done: "vnet" });
    assert.deepEqual(sent, ["GET", "PUT", "PUT"]);
    assert.deepEqual(budget.takes, ["sub"]);
    sent.length = 0;
    assert.deepEqual(await activity(budget)(metered("disk")), { writeDeferred: { retryAfterMs: 250, ticketMs: 1250 } });
    assert.deepEqual(sent, [], "the refused write was not sent, nor its existence read");
  });

  it("answers ARM's 429 on its existence read as a deferral after the Retry-After: no write sent, no token taken", async () => {
    const budget = memoryBudget();
    sent.length = 0;
    const statuses: number[] = [];
    const throttledRead = (input: unknown) =>
      meteredWrite(
        () => budget,
        async () => {
          const read = await throttlingPolicy.sendRequest(
            { method: "GET", url: "https://arm/subscriptions/sub/resourceGroups/rg" } as PipelineRequest,
            async () => ({ status: 429, headers: createHttpHeaders({ "retry-after": "3" }) }) as PipelineResponse,
          );
          statuses.push(read.status); // reached only where the 429 is left to the SDK's retry policy
          await send("PUT");
          return "sent";
        },
        () => 1000,
      )(input);
    assert.deepEqual(await throttledRead(metered("vnet")), { writeDeferred: { retryAfterMs: 3000, ticketMs: 4000 } });
    assert.deepEqual(sent, []);
    assert.deepEqual(budget.takes, []);
    assert.equal(await throttledRead({ operation: "unmetered" }), "sent", "an unmetered call's SDK waits it out");
    assert.deepEqual(statuses, [429]);
  });

  it("passes a call that was not metered (a read, or a run without a budget) straight through", async () => {
    const budget = memoryBudget();
    sent.length = 0;
    assert.deepEqual(await activity(budget)({ operation: "poll" }), { done: { operation: "poll" } });
    assert.deepEqual(sent, ["GET", "PUT", "PUT"]);
    assert.deepEqual(budget.takes, []);
  });
});

describe("a write budget that cannot be reached", () => {
  it("lets the write go unmetered with a warning instead of failing the activity", async () => {
    const down = new Error("connect ECONNREFUSED 127.0.0.1:10002");
    const unreachable: WriteBudgetTable = {
      ask: async () => Promise.reject(down),
      take: async () => Promise.reject(down),
      drain: async () => Promise.reject(down),
      read: async () => Promise.reject(down),
    };
    sent.length = 0;
    const warnings: string[] = [];
    const activity = meteredWrite(
      () => unreachable,
      async () => {
        await send("GET");
        await send("PUT");
        return "sent";
      },
    );
    const answer = await activity(
      { writeBudget: { subscriptionId: "sub", settings: { burst: 1, perSecond: 1 } }, input: {} },
      (m) => warnings.push(m),
    );
    assert.equal(answer, "sent");
    assert.deepEqual(sent, ["GET", "PUT"]);
    assert.equal(warnings.length, 2, "the ask and the take each said so");
    assert.match(warnings[0] ?? "", /write budget of sub unreachable, write sent unmetered: connect ECONNREFUSED/);
  });
});
