import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  acquireLock,
  clusterLockKey,
  drainWrites,
  fullBudget,
  releaseLock,
  takeWrites,
} from "../../../src/request/index.js";

const settings = { burst: 10, perSecond: 2 };

describe("the ARM write budget (token bucket)", () => {
  it("grants up to the burst at once, then the rest as tokens accrue", () => {
    let state = fullBudget(settings, 0);
    const first = takeWrites(state, settings, 7, 0);
    assert.deepEqual(first.grant, { granted: 7 });
    state = first.state;
    const second = takeWrites(state, settings, 5, 0);
    assert.equal(second.grant.granted, 3);
    assert.equal(second.grant.retryAfterMs, 1000, "2 more tokens at 2/s");
    const later = takeWrites(second.state, settings, 2, 1000);
    assert.deepEqual(later.grant, { granted: 2 });
  });

  it("never holds more than the burst, and a caller whose clock is behind cannot mint tokens", () => {
    const idle = takeWrites(fullBudget(settings, 0), settings, 10, 3_600_000);
    assert.equal(idle.grant.granted, 10);
    const behind = takeWrites(idle.state, settings, 1, 1000);
    assert.equal(behind.grant.granted, 0, "time does not run backwards");
  });

  it("a 429 that still came drains it until ARM's Retry-After", () => {
    const drained = drainWrites(fullBudget(settings, 0), 5000, 0);
    const during = takeWrites(drained, settings, 1, 4000);
    assert.deepEqual(during.grant, { granted: 0, retryAfterMs: 1000 });
    const after = takeWrites(during.state, settings, 1, 6000);
    assert.equal(after.grant.granted, 1);
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
