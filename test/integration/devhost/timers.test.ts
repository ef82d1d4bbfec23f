import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Devhost, startDevhost } from "../../../sandbox/devhost/index.js";
import { AdjustableClock } from "../../../sandbox/shared/clock.js";
import { FIXTURE_APP, historyOf, removeTempDirs, startViaHttp, tempDir } from "./helpers.js";

// Durable time runs on a frozen clock that the tests move: a timer's bounds are then exact, whatever the load.
const clock = AdjustableClock.frozenAt(Date.parse("2030-01-01T00:00:00.000Z"));
let d: Devhost;

before(async () => {
  d = await startDevhost({
    appDir: FIXTURE_APP,
    stateDir: tempDir("devhost-timers"),
    serviceBus: false,
    timers: false,
    log: false,
    clock,
    // Small long-timer thresholds so timer splitting is exercised.
    maximumShortTimerDuration: "00:00:01",
    longRunningTimerIntervalDuration: "00:00:00.400",
  });
});
after(async () => {
  await d.stop();
  removeTempDirs();
});

const start = (name: string, input: unknown) => startViaHttp(d.url, d.functionKey, name, input);
const events = (id: string, type: number) =>
  d.engine.store.instances.get(id)?.history.filter((e) => e.EventType === type) ?? [];
const TIMER_CREATED = 10;
const TIMER_FIRED = 11;
const TASK_FAILED = 6;
const TASK_SCHEDULED = 4;

/** Gives a timer that is (wrongly) due a chance to fire and be processed before the test looks. */
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await d.engine.waitFor(() => d.engine.isIdle(), 10_000);
};

describe("durable timers on the task hub's clock", () => {
  test("a timer fires when its time is reached, not a millisecond before, and stamps that time", async () => {
    const { id } = await start("timer", { ms: 300 });
    await d.engine.waitFor(() => events(id, TIMER_CREATED).length === 1, 10_000);
    clock.advance(299);
    await settle();
    assert.equal(events(id, TIMER_FIRED).length, 0, "not due yet");
    clock.advance(1);
    const s = await d.waitForInstance(id, 10_000);
    assert.equal(s.output, 300, "currentUtcDateTime moved by exactly the timer");
    const [fired] = historyOf(s).filter((e) => e.EventType === "TimerFired");
    assert.equal(fired?.Timestamp, fired?.FireAt);
  });

  test("a long timer is split into chunks of the interval and fires at the final time", async () => {
    const { id } = await start("timer", { ms: 1500 });
    await d.engine.waitFor(() => events(id, TIMER_CREATED).length === 1, 10_000);
    // While more than maximumShortTimerDuration (1 s) remains, a chunk of the interval (400 ms); then the rest:
    // chunks at +400 and +800, then the final timer at +1500. Each fires, and schedules the next, as time reaches it.
    for (const [i, stepMs] of [400, 400, 700].entries()) {
      assert.notEqual(d.engine.store.instances.get(id)?.status, "Completed", "completed before the final time");
      clock.advance(stepMs);
      await d.engine.waitFor(() => events(id, TIMER_FIRED).length === i + 1 && d.engine.isIdle(), 10_000);
    }
    const s = await d.waitForInstance(id, 10_000);
    assert.equal(s.output, 1500);
    const fired = historyOf(s).filter((e) => e.EventType === "TimerFired");
    assert.equal(fired.length, 3, `chunks fired: ${fired.length}`);
    const offsets = historyOf(s)
      .filter((e) => e.EventType === "TimerCreated")
      .map((e) => Date.parse(String(e.FireAt)) - Date.parse(String(historyOf(s)[0]?.Timestamp)));
    assert.deepEqual(offsets, [400, 800, 1500]);
  });

  test("retry back-off follows DTFx: first * coefficient^(n-1), 200 ms then 600 ms", async () => {
    // An off-by-one exponent would give 600 then 1800.
    const { id } = await start("retrying", { failTimes: 2, maxAttempts: 3, firstMs: 200, coefficient: 3 });
    const attempts = () => events(id, TASK_SCHEDULED).length;
    await d.engine.waitFor(() => events(id, TASK_FAILED).length === 1 && d.engine.isIdle(), 10_000);
    for (const [backoffMs, attempt] of [
      [200, 2],
      [600, 3],
    ] as const) {
      clock.advance(backoffMs - 1);
      await settle();
      assert.equal(attempts(), attempt - 1, `attempt ${attempt} waits for its back-off`);
      clock.advance(1);
      await d.engine.waitFor(() => attempts() === attempt && d.engine.isIdle(), 10_000);
    }
    const s = await d.waitForInstance(id, 10_000);
    assert.equal((s.output as { ok: boolean }).ok, true);
    assert.equal(historyOf(s).filter((e) => e.EventType === "TaskFailed").length, 2);
  });
});
