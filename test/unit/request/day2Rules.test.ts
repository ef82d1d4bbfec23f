import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  acquireLock,
  clusterLockKey,
  drainWrites,
  fullBudget,
  releaseLock,
  TICKET_GRACE_MS,
  takeWrite,
  type WriteBudgetState,
  type WriteGrant,
} from "../../../src/request/index.js";

const settings = { burst: 10, perSecond: 2 };

describe("the ARM write budget (token bucket)", () => {
  const takeMany = (state: WriteBudgetState, n: number, nowMs: number) => {
    const grants: WriteGrant[] = [];
    for (let i = 0; i < n; i++) {
      const taken = takeWrite(state, settings, nowMs);
      state = taken.state;
      grants.push(taken.grant);
    }
    return { state, grants };
  };

  it("grants up to the burst at once, then refuses with the time until the next token", () => {
    const { state, grants } = takeMany(fullBudget(settings, 0), 10, 0);
    assert.ok(grants.every((g) => g.granted));
    const refused = { granted: false, retryAtMs: 500 };
    assert.deepEqual(takeWrite(state, settings, 0).grant, { ...refused, retryAfterMs: 500 }, "1 token at 2/s");
    assert.deepEqual(takeWrite(state, settings, 250).grant, { ...refused, retryAfterMs: 250 });
    assert.deepEqual(takeWrite(state, settings, 500).grant, { granted: true });
  });

  it("gives refused writes tickets one token apart; one that comes back with its ticket gets its token, a newcomer queues", () => {
    const empty = takeMany(fullBudget(settings, 0), 10, 0).state;
    const { state, grants } = takeMany(empty, 4, 0);
    assert.deepEqual(
      grants.map((g) => (g.granted ? 0 : g.retryAtMs)),
      [500, 1000, 1500, 2000],
    );
    // At 600 a token has accrued: the newcomer may not take it while tickets are out; the first waiter does.
    const newcomer = takeWrite(state, settings, 600);
    assert.deepEqual(newcomer.grant, { granted: false, retryAtMs: 2500, retryAfterMs: 1900 });
    const back = takeWrite(newcomer.state, settings, 600, 500);
    assert.deepEqual(back.grant, { granted: true });
    // A late waiter still finds the token that accrued for it: newcomers queue until a grace after the last ticket.
    const late = takeWrite(back.state, settings, 2500 + TICKET_GRACE_MS - 1);
    assert.equal(late.grant.granted, false, "a newcomer within the grace queues");
    assert.deepEqual(takeWrite(back.state, settings, 2500 + TICKET_GRACE_MS - 1, 1500).grant, { granted: true });
    assert.deepEqual(takeWrite(back.state, settings, 2500 + TICKET_GRACE_MS).grant, { granted: true });
    // A waiter back 3 ms before its token has accrued is told to come back then, not queued again at the end.
    const early = takeWrite(back.state, settings, 997, 1000);
    assert.deepEqual(early.grant, { granted: false, retryAtMs: 1000, retryAfterMs: 3 });
    assert.equal(early.state.queuedUntilMs, 2500);
  });

  it("never holds more than the burst, and a writer whose clock is behind cannot mint tokens", () => {
    const idle = takeMany(fullBudget(settings, 0), 10, 3_600_000);
    assert.ok(
      idle.grants.every((g) => g.granted),
      "10 after an hour, not 7,200",
    );
    assert.equal(takeWrite(idle.state, settings, 3_600_000).grant.granted, false);
    assert.equal(takeWrite(idle.state, settings, 1000).grant.granted, false, "time does not run backwards");
  });

  it("a 429 that still came drains it until ARM's Retry-After", () => {
    const drained = drainWrites(fullBudget(settings, 0), 5000, 0);
    const during = takeWrite(drained, settings, 4000);
    assert.deepEqual(during.grant, { granted: false, retryAtMs: 5000, retryAfterMs: 1000 });
    const after = takeWrite(during.state, settings, 6000);
    assert.deepEqual(after.grant, { granted: true }, "2 tokens accrued in the second after the block");
  });
});

describe("the per-cluster lock", () => {
  const a = { instanceId: "provision-A", kind: "provision" as const, since: "2026-01-01T00:00:00Z" };
  const b = { instanceId: "scale-B", kind: "scale" as const, since: "2026-01-01T00:01:00Z" };

  it("grants a free lock, is re-entrant for its holder, and refuses another caller naming the holder", () => {
    const first = acquireLock({}, a);
    assert.deepEqual(first.result, { granted: true });
    assert.deepEqual(acquireLock(first.state, a).result, { granted: true });
    assert.deepEqual(acquireLock(first.state, b).result, { granted: false, holder: a });
  });

  it("is freed by its holder only, and taken over only from the holder the caller saw end", () => {
    const held = acquireLock({}, a).state;
    assert.deepEqual(releaseLock(held, { instanceId: "scale-B" }), held);
    assert.deepEqual(releaseLock(held, { instanceId: "provision-A" }), {});
    assert.equal(acquireLock(held, { ...b, takeOverFrom: "someone-else" }).result.granted, false);
    const taken = acquireLock(held, { ...b, takeOverFrom: "provision-A" });
    assert.deepEqual(taken.state, { holder: b });
  });

  it("remembers the operations that held it, newest first, up to its limit", () => {
    let state = {};
    for (let i = 0; i < 25; i++) {
      const holder = { instanceId: "ops-R", kind: "scale" as const, since: `t${i}` };
      state = acquireLock(state, holder).state;
      const summary = {
        operationId: `op${i}`,
        instanceId: "ops-R",
        kind: "scale" as const,
        state: "succeeded" as const,
      };
      state = releaseLock(state, { instanceId: "ops-R", summary });
    }
    const history = (state as { history: { operationId: string }[] }).history;
    assert.equal(history.length, 20);
    assert.equal(history[0]?.operationId, "op24");
  });

  it("keys a cluster by its resource id in any casing, without slashes", () => {
    const id = "/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/C";
    assert.equal(clusterLockKey(id), clusterLockKey(id.toLowerCase()));
    assert.doesNotMatch(clusterLockKey(id), /\//);
  });
});
