import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as df from "durable-functions";
import type { EventDeliveryResult, EventToPublish } from "../../../src/activities/index.js";
import { DELIVER_EVENTS, Outbox } from "../../../src/orchestrators/outbox.js";
import type { OrchestrationSettings } from "../../../src/orchestrators/provisionInput.js";
import type { EventLog } from "../../../src/request/index.js";

type FakeTask = { kind: "activity" | "timer"; name?: string; input?: unknown; fireAt?: Date };

const SETTINGS: OrchestrationSettings = {
  pollIntervalSeconds: 1,
  timeoutMinutes: 10,
  writeBudget: { burst: 10, perSecond: 1 },
};
const DOWN: EventDeliveryResult = {
  delivered: false,
  retryable: true,
  error: { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5672" },
};
const eventNamed = (n: number): EventToPublish =>
  ({ type: "cluster.provisioning.progress", requestId: "r", time: "t", data: { sequence: n } }) as never;
const sequences = (events: unknown) =>
  (events as EventToPublish[]).map((e) => (e.data as { sequence: number }).sequence);

/**
 * An outbox on a scripted Durable context: `answers` are what the delivery activity says, in turn; timers fire
 * at once (the clock jumps to them). Records every delivery's sequences, every timer, and the status after each.
 */
function scripted(answers: EventDeliveryResult[], settings = SETTINGS) {
  let now = new Date("2026-03-01T00:00:00Z");
  const deliveries: { atMs: number; sequences: number[] }[] = [];
  const timers: Date[] = [];
  const context = {
    df: {
      get currentUtcDateTime() {
        return now;
      },
      callActivityWithRetry: (name: string, _retry: unknown, input: unknown): FakeTask => ({
        kind: "activity",
        name,
        input,
      }),
      createTimer: (fireAt: Date): FakeTask => ({ kind: "timer", fireAt }),
    },
  } as unknown as df.OrchestrationContext;
  const log: EventLog = {};
  const changes: EventLog["eventDelivery"][] = [];
  const outbox = new Outbox(context, log, settings, () => changes.push(structuredClone(log.eventDelivery)));
  const answer = () => answers.shift() ?? { delivered: true };
  const flush = () => {
    const gen = outbox.flush();
    let step = gen.next();
    while (!step.done) {
      const task = step.value as unknown as FakeTask;
      if (task.kind === "timer") {
        timers.push(task.fireAt as Date);
        now = task.fireAt as Date;
        step = gen.next(undefined);
        continue;
      }
      assert.equal(task.name, DELIVER_EVENTS);
      deliveries.push({ atMs: now.getTime(), sequences: sequences(task.input) });
      step = gen.next(answer());
    }
  };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { outbox, log, changes, deliveries, timers, flush, answer, advance, start: now.getTime() };
}

describe("outbox: events through a broker outage", () => {
  it("keeps undelivered events in order at the head of the queue and delivers them with the next ones", () => {
    const s = scripted([DOWN]);
    s.outbox.push(eventNamed(1));
    s.outbox.push(eventNamed(2));
    const [first] = s.outbox.calls();
    assert.deepEqual(sequences(first?.input), [1, 2]);
    s.outbox.push(eventNamed(3)); // queued while the delivery was in flight
    first?.done?.(s.answer());
    assert.equal(s.log.eventDelivery?.pending, 3);
    assert.equal(s.log.eventDelivery?.lastError.code, "ECONNREFUSED");
    // Backing off: the next batch of ARM calls carries no delivery.
    assert.deepEqual(s.outbox.calls(), []);
    s.advance(1000);
    const [again] = s.outbox.calls();
    assert.deepEqual(sequences(again?.input), [1, 2, 3]);
    again?.done?.(s.answer());
    assert.equal(s.log.eventDelivery, undefined, "a delivery that went through clears the wait from the status");
  });

  it("waits out an outage on durable timers that back off, then delivers everything once", () => {
    const s = scripted([DOWN, DOWN, DOWN]);
    for (const n of [1, 2, 3]) s.outbox.push(eventNamed(n));
    s.flush();
    assert.deepEqual(
      s.deliveries.map((d) => d.sequences),
      [
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ],
    );
    assert.deepEqual(
      s.timers.map((t) => t.getTime() - s.start),
      [1000, 3000, 7000],
      "back-off doubles from the poll interval",
    );
    assert.deepEqual(
      s.changes.map((c) => c?.attempts),
      [1, 2, 3, undefined],
    );
    assert.equal(s.log.eventDelivery, undefined);
  });

  it("gives up at the run's timeout from the first failure, and the status says how many were not delivered", () => {
    const s = scripted(Array.from({ length: 100 }, () => DOWN));
    s.outbox.push(eventNamed(1));
    s.outbox.push(eventNamed(2));
    s.flush();
    const last = s.deliveries.at(-1)?.atMs ?? 0;
    assert.ok(last - s.start < SETTINGS.timeoutMinutes * 60_000, "no delivery is tried past the window");
    assert.ok(s.timers.every((t, i) => i === 0 || t.getTime() - (s.timers[i - 1] as Date).getTime() <= 60_000));
    assert.equal(s.log.eventDelivery?.undelivered, 2);
    assert.equal(s.log.eventDelivery?.pending, 0);
    assert.equal(s.log.eventDelivery?.retryAt, undefined);
  });

  it("drops a batch refused for good at once (no retry) and goes on with what comes after", () => {
    const refused: EventDeliveryResult = {
      delivered: false,
      retryable: false,
      error: { code: "SecretInEvent", message: "Refusing to publish an event: data.kubeconfig" },
    };
    const s = scripted([refused]);
    s.outbox.push(eventNamed(1));
    s.flush();
    assert.equal(s.deliveries.length, 1);
    assert.equal(s.timers.length, 0);
    assert.equal(s.log.eventDelivery?.undelivered, 1);
    s.outbox.push(eventNamed(2));
    const [next] = s.outbox.calls();
    assert.deepEqual(sequences(next?.input), [2], "the next events go out at once");
    next?.done?.({ delivered: true });
    assert.equal(s.log.eventDelivery?.undelivered, 1, "what was given up stays counted");
  });
});
