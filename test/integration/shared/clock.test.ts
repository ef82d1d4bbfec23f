import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { AdjustableClock } from "../../../sandbox/shared/clock.js";

/** Lets due timers (fired with setTimeout 0) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("AdjustableClock", () => {
  it("frozen: timers fire only when advance reaches them, earliest first, never early", async () => {
    const clock = AdjustableClock.frozenAt(1_000_000);
    const fired: string[] = [];
    clock.setTimer(1_000_300, () => fired.push("b"));
    clock.setTimer(1_000_100, () => fired.push("a"));
    clock.setTimer(1_000_900, () => fired.push("late"));
    await settle();
    assert.deepEqual(fired, [], "nothing fires while time stands still");
    clock.advance(99);
    await settle();
    assert.deepEqual(fired, [], "1 ms before its time, a timer waits");
    clock.advance(201);
    await settle();
    assert.deepEqual(fired, ["a", "b"]);
    assert.equal(clock.now(), 1_000_300);
  });

  it("a timer already due fires on a later turn, not inside setTimer", async () => {
    const clock = AdjustableClock.frozenAt(5000);
    let fired = false;
    clock.setTimer(4000, () => {
      fired = true;
    });
    assert.equal(fired, false);
    await nextTurn();
    await settle();
    assert.equal(fired, true);
  });

  it("cancelled timers never fire; running again after unfreeze fires on the wall clock", async () => {
    const clock = AdjustableClock.frozenAt(Date.now());
    let cancelled = false;
    const cancel = clock.setTimer(clock.now() + 10, () => {
      cancelled = true;
    });
    cancel();
    const wall = new Promise<number>((resolve) => clock.setTimer(clock.now() + 30, () => resolve(clock.now())));
    const target = clock.now() + 30;
    clock.unfreeze();
    // The clock's timers are unref'd (a stand-in's listener keeps its process alive); here nothing else would.
    const keepAlive = setTimeout(() => {}, 5000);
    assert.ok((await wall) >= target, "fired at or after its time");
    clearTimeout(keepAlive);
    clock.advance(1000);
    await settle();
    assert.equal(cancelled, false);
  });

  it("reports every change to a subclass (ARM persists its clock this way)", () => {
    const seen: unknown[] = [];
    class Recording extends AdjustableClock {
      protected override changed(state: unknown): void {
        seen.push(state);
      }
    }
    const clock = new Recording({ frozenAtMs: 10, offsetMs: 0 });
    clock.advance(5);
    clock.reset();
    assert.deepEqual(seen, [{ frozenAtMs: 15, offsetMs: 0 }, { offsetMs: 0 }]);
  });
});
