import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { armMinimum, budgetMinimumMs, exactlyOnce, peakPerWindow, percentile } from "../../../bench/stats.js";

describe("bench stats", () => {
  it("percentile is the nearest rank of the sorted values", () => {
    const v = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    assert.equal(percentile(v, 50), 50);
    assert.equal(percentile(v, 95), 100);
    assert.equal(percentile(v, 10), 10);
    assert.equal(percentile(v, 0), 10);
    assert.equal(percentile([], 99), 0);
  });

  it("the ARM minimum is one write per planned resource and one poll per interval per operation", () => {
    const ops = [
      { startedAtMs: 0, dueAtMs: 1000 }, // 2 intervals of 500
      { startedAtMs: 100, dueAtMs: 1101 }, // just over 2: 3
      { startedAtMs: 0, dueAtMs: 0 }, // instant: still the poll that sees it done
    ];
    assert.deepEqual(armMinimum(15, ops, 500), { writes: 15, reads: 6 });
    assert.throws(() => armMinimum(1, ops, 0));
  });

  it("peakPerWindow counts the busiest window", () => {
    assert.equal(peakPerWindow([0, 100, 999, 1000, 1500, 1600, 1700]), 5); // 999..1700
    assert.equal(peakPerWindow([0, 100, 1100, 2200]), 2);
    assert.equal(peakPerWindow([]), 0);
    assert.equal(peakPerWindow([5, 5, 5], 1), 3);
  });

  it("a write budget lets its burst through at once and the rest at its rate", () => {
    assert.deepEqual(budgetMinimumMs(160, { burst: 8, perSecond: 8 }), { atRateMs: 20_000, withBurstMs: 19_000 });
    assert.deepEqual(budgetMinimumMs(5, { burst: 8, perSecond: 8 }), { atRateMs: 625, withBurstMs: 0 });
    assert.throws(() => budgetMinimumMs(1, { burst: 1, perSecond: 0 }));
  });

  it("exactly once names the keys never seen, seen more than once, and seen but never expected", () => {
    assert.deepEqual(exactlyOnce(["a", "b", "c"], ["a", "c", "c", "x", "c"]), {
      missing: ["b"],
      duplicated: [{ key: "c", n: 3 }],
      unexpected: ["x"],
    });
    assert.deepEqual(exactlyOnce(["a"], ["a"]), { missing: [], duplicated: [], unexpected: [] });
  });
});
