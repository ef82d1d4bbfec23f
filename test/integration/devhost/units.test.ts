import assert from "node:assert/strict";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { ServiceBusReceivedMessage } from "@azure/service-bus";
import type { RegisteredFunction } from "../../../sandbox/devhost/app/coreApi.js";
import { FunctionRegistry } from "../../../sandbox/devhost/app/coreApi.js";
import { type InvokeInput, Invoker } from "../../../sandbox/devhost/app/invoke.js";
import { ServiceBusConnections } from "../../../sandbox/devhost/app/serviceBusConnections.js";
import { parseTimeSpanMs, resolveExpression } from "../../../sandbox/devhost/app/settings.js";
import { flattenActions, type RawAction, retryDelayMs } from "../../../sandbox/devhost/durable/actions.js";
import { DurableJournal as Journal } from "../../../sandbox/devhost/durable/durableJournal.js";
import { DurableEngine } from "../../../sandbox/devhost/durable/engine.js";
import { failureFields } from "../../../sandbox/devhost/durable/history.js";
import { StateStore } from "../../../sandbox/devhost/durable/stateStore.js";
import type { InstanceMeta } from "../../../sandbox/devhost/durable/types.js";
import { compileRoute } from "../../../sandbox/devhost/http/routeTemplate.js";
import { DevhostLogger } from "../../../sandbox/devhost/log.js";
import { bodyToTypedData, ServiceBusTriggers } from "../../../sandbox/devhost/triggers/serviceBusTriggers.js";
import { scheduleFunction, TimerTriggers } from "../../../sandbox/devhost/triggers/timerTriggers.js";
import { removeTempDirs, tempDir } from "./helpers.js";

after(removeTempDirs);

describe("route templates", () => {
  const cases: [string, string, Record<string, string> | undefined][] = [
    ["clusters/{name}", "/clusters/c1", { name: "c1" }],
    ["clusters/{name}", "/CLUSTERS/c1/", { name: "c1" }],
    ["clusters/{name}", "/clusters", undefined],
    ["clusters/{id:int}", "/clusters/12", { id: "12" }],
    ["clusters/{id:int}", "/clusters/x", undefined],
    ["clusters/{name?}", "/clusters", {}],
    ["files/{*rest}", "/files/a/b", { rest: "a/b" }],
    ["files/{*rest}", "/files", {}],
    ["a/{x}/b", "/a/hello%20w/b", { x: "hello w" }],
  ];
  for (const [template, path, expected] of cases) {
    test(`${template} ~ ${path}`, () => assert.deepEqual(compileRoute(template).match(path), expected));
  }
  test("literal segments rank above parameters, catch-alls last", () => {
    assert.ok(compileRoute("clusters/new").specificity > compileRoute("clusters/{name}").specificity);
    assert.ok(compileRoute("clusters/{name}").specificity > compileRoute("clusters/{*rest}").specificity);
  });
});

describe("settings", () => {
  test("TimeSpan parsing", () => {
    assert.equal(parseTimeSpanMs("00:10:00"), 600_000);
    assert.equal(parseTimeSpanMs("3.00:00:00"), 3 * 86_400_000);
    assert.equal(parseTimeSpanMs("00:00:00.400"), 400);
    assert.throws(() => parseTimeSpanMs("ten minutes"));
  });
  test("%AppSetting% expressions", () => {
    assert.equal(resolveExpression("%A%-%B%", { A: "x", B: "y" }), "x-y");
    assert.throws(() => resolveExpression("%MISSING%", {}), /MISSING/);
  });
  test("NCRONTAB in a time zone", () => {
    const next = scheduleFunction("0 0 9 * * *", "Europe/Berlin")(new Date("2024-01-15T00:00:00Z"));
    assert.equal(next.toISOString(), "2024-01-15T08:00:00.000Z");
    assert.throws(() => scheduleFunction("0 9 * * *", undefined), /6-field/);
  });
});

describe("timer triggers", () => {
  test("running a timer on demand re-arms its schedule rather than starting a second one", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"] });
    const registry = new FunctionRegistry();
    registry.functions.set("tick", {
      metadata: { name: "tick", bindings: {} },
      callback: () => {},
      trigger: { type: "timerTrigger", direction: "in", schedule: "00:00:10" },
      triggerName: "t",
    });
    const fired: number[] = [];
    const invoker = {
      invoke: async () => {
        fired.push(Date.now());
        return { raw: undefined, context: {} };
      },
    } as unknown as Invoker;
    const log = new DevhostLogger(() => {});
    const engine = new DurableEngine(registry, invoker, log);
    const timers = new TimerTriggers({ registry, invoker, engine, log, env: {}, clientData: () => ({}) });
    timers.start();
    t.mock.timers.tick(3_000);
    assert.equal(await timers.runNow("tick"), true);
    // One second at a time, so each alarm fires at its own mocked time.
    for (let i = 0; i < 25; i++) {
      t.mock.timers.tick(1_000);
      await new Promise((r) => setImmediate(r));
    }
    timers.stop();
    // Every 10 s from the manual run; the schedule armed at start (due at 10 s) was replaced, not kept.
    assert.deepEqual(fired, [3_000, 13_000, 23_000]);
  });
});

describe("orchestration actions", () => {
  test("DTFx back-off with coefficient and cap", () => {
    const p = { firstRetryIntervalInMilliseconds: 100, maxNumberOfAttempts: 5, backoffCoefficient: 2 };
    assert.deepEqual(
      [1, 2, 3].map((n) => retryDelayMs(p, n)),
      [100, 200, 400],
    );
    assert.equal(retryDelayMs({ ...p, maxRetryIntervalInMilliseconds: 250 }, 3), 250);
  });
  test("flatten recurses compounds, keeps reappearing actions once, skips event waits", () => {
    const a: RawAction = { actionType: 0, functionName: "a" };
    const b: RawAction = { actionType: 5 };
    const w: RawAction = { actionType: 6 };
    const any: RawAction = { actionType: 11, compoundActions: [a, w, b] };
    assert.deepEqual(flattenActions([a, any, { actionType: 12, compoundActions: [a] }]), [a, b]);
  });
});

describe("activity failures", () => {
  test("production shape: Reason and Details, no FailureDetails", () => {
    const f = failureFields("Activity function 'a' failed: boom", new Error("boom"), false);
    assert.equal(f.Reason, "Activity function 'a' failed: boom");
    assert.equal(typeof f.Details, "string");
    assert.equal(f.FailureDetails, undefined);
  });
  test("with FailureDetails: the exception-properties payload is unpacked", () => {
    const payload = JSON.stringify({ errorType: "ArmError", errorMessage: "quota", properties: { code: "Q" } });
    const f = failureFields("r", new Error(payload), true);
    assert.deepEqual(f.FailureDetails, {
      ErrorType: "ArmError",
      ErrorMessage: "quota",
      StackTrace: undefined,
      IsNonRetriable: false,
      Properties: { code: "Q" },
    });
    const plain = failureFields("r", new TypeError("bad"), true).FailureDetails as Record<string, unknown>;
    assert.equal(plain.ErrorType, "TypeError");
    assert.equal(plain.ErrorMessage, "bad");
  });
});

/** Instance `i1` of orchestrator `poll`, running, with `fields` over it. */
const anInstance = (fields: Partial<InstanceMeta> = {}): InstanceMeta => ({
  instanceId: "i1",
  name: "poll",
  executionId: "e1",
  status: "Running",
  input: null,
  output: null,
  customStatus: null,
  createdTime: "",
  lastUpdatedTime: "",
  nextId: 0,
  pending: {},
  lastEpisodeAt: 0,
  ...fields,
});

/** A journal of its own (compaction off), its store, the lines it wrote and a store replayed from them. */
function journalIn(label: string) {
  const dir = tempDir(label);
  const store = new StateStore();
  const j = new Journal(store, { dir, compactAfterBytes: 10 ** 9 });
  j.open();
  const lines = () => readFileSync(join(dir, "journal-0.jsonl"), "utf8").trim().split("\n");
  const replayed = () => {
    const again = new StateStore();
    new Journal(again, { dir }).open();
    return again;
  };
  return { store, j, lines, replayed };
}

describe("journal", () => {
  test("a torn last record is dropped and the log stays appendable", () => {
    const dir = tempDir("devhost-journal");
    const j = new Journal(new StateStore(), { dir });
    j.open();
    j.commit([{ o: "entity", v: { entityId: "@c@1", exists: true, state: "1", lastModified: "" } }]);
    appendFileSync(join(dir, "journal-0.jsonl"), '{"m":[{"o":"entity","v":{"entityId":"@c@1","exis');
    const store = new StateStore();
    const again = new Journal(store, { dir });
    again.open();
    assert.equal(store.entities.get("@c@1")?.state, "1");
    again.commit([{ o: "entity", v: { entityId: "@c@1", exists: true, state: "2", lastModified: "" } }]);
    const lines = readFileSync(join(dir, "journal-0.jsonl"), "utf8").trim().split("\n");
    assert.equal(lines.length, 2);
    const third = new StateStore();
    new Journal(third, { dir }).open();
    assert.equal(third.entities.get("@c@1")?.state, "2");
  });

  test("records already in a snapshot are not applied twice", () => {
    const dir = tempDir("devhost-journal-snap");
    const j = new Journal(new StateStore(), { dir, compactAfterBytes: 10 ** 9 });
    j.open();
    j.commit([{ o: "msg", to: "i1", m: { id: "m1" } }]);
    // Simulate a crash between snapshot rename and removal of the old log: snapshot written, old log still there.
    const log = readFileSync(join(dir, "journal-0.jsonl"));
    j.compact();
    writeFileSync(join(dir, "journal-0.jsonl"), log);
    const store = new StateStore();
    new Journal(store, { dir }).open();
    assert.equal(store.inbox.get("i1")?.length, 1);
    assert.equal(existsSync(join(dir, "journal-0.jsonl")), false, "the superseded log is removed");
  });

  test("a snapshot rebuilds every part of the state, one line per group", () => {
    const dir = tempDir("devhost-journal-all");
    const store = new StateStore();
    const j = new Journal(store, { dir });
    j.open();
    j.commit([
      { o: "msg", to: "@c@1", m: { id: "m1" } },
      { o: "msg", to: "later", m: { id: "m2" } },
      { o: "entity", v: { entityId: "@c@1", exists: true, state: "1", lastModified: "" } },
      { o: "work", v: { id: "w1" } as never },
      { o: "timer", v: { id: "t1" } as never },
      { o: "sched", v: { name: "tick", last: "a", next: "b", lastUpdated: "c" } },
    ]);
    j.close();
    const lines = readFileSync(join(dir, "snapshot.jsonl"), "utf8").trim().split("\n");
    assert.equal(lines.length, 1 + 6, "header, entity, two inboxes, work, timers, schedules");
    assert.equal(readFileSync(join(dir, "journal-1.jsonl"), "utf8"), "", "close compacts");
    const again = new StateStore();
    new Journal(again, { dir }).open();
    for (const key of ["inbox", "entities", "work", "timers", "schedules"] as const)
      assert.deepEqual([...again[key]], [...store[key]], key);
  });

  test("an update that keeps the input journals none, and replay keeps it; a reset and a change journal it", () => {
    const { store, j, lines: written, replayed } = journalIn("devhost-journal-input");
    const big = JSON.stringify({ plan: "x".repeat(5000) });
    const meta = (input: string | null, status: InstanceMeta["status"]) => anInstance({ input, status });
    j.commit([{ o: "inst", v: meta(big, "Pending"), reset: true, add: [] }]);
    j.commit([{ o: "inst", v: meta(big, "Running"), add: [] }]);
    // In one batch: a reset to another input, then an update back to the first (compared one mutation at a time).
    j.commit([
      { o: "inst", v: meta('"other"', "Running"), reset: true, add: [] },
      { o: "inst", v: meta(big, "Running"), add: [] },
    ]);
    j.commit([{ o: "inst", v: meta(big, "Completed"), add: [] }]);
    const lines = written();
    assert.equal(lines.length, 4);
    const sizes = lines.map((line) => Buffer.byteLength(line));
    assert.ok(
      (sizes[0] as number) > 5000 && (sizes[1] as number) < 1000,
      `start ${sizes[0]} bytes, update ${sizes[1]}`,
    );
    assert.ok((sizes[2] as number) > 5000, "the update after a reset to another input carries its input");
    assert.ok((sizes[3] as number) < 1000);
    const again = replayed();
    assert.equal(again.instances.get("i1")?.input, big);
    assert.equal(again.instances.get("i1")?.status, "Completed");
    assert.deepEqual(again.instances.get("i1"), store.instances.get("i1"));
  });

  test("a start and its first episode journal the input once; replay gives the same message and history", () => {
    const { store, j, lines: written, replayed } = journalIn("devhost-journal-start-input");
    const big = JSON.stringify({ plan: "y".repeat(5000) });
    const started = (input: string | null) => ({
      EventType: 0,
      EventId: -1,
      Timestamp: "t",
      Name: "poll",
      Input: input,
    });
    const start = (input: string | null) => [
      { o: "inst" as const, v: anInstance({ input, status: "Pending" }), reset: true, add: [] },
      { o: "msg" as const, to: "i1", m: { id: "m1", event: started(input) } },
    ];
    j.commit(start(big));
    j.commit([
      { o: "inst", v: anInstance({ input: big }), add: [{ EventType: 12, EventId: -1, Timestamp: "t" }, started(big)] },
      { o: "ack", to: "i1", ids: ["m1"] },
    ]);
    j.commit([{ o: "inst", v: anInstance({ instanceId: "i2", input: null }), reset: true, add: [started(null)] }]);
    const sizes = written().map((line) => Buffer.byteLength(line));
    assert.ok((sizes[0] as number) > 5000 && (sizes[0] as number) < 6000, `the start: ${sizes[0]} bytes, input once`);
    assert.ok((sizes[1] as number) < 1000, `the first episode: ${sizes[1]} bytes, no input`);
    const again = replayed();
    assert.deepEqual(again.instances.get("i1"), store.instances.get("i1"));
    assert.deepEqual(again.instances.get("i1")?.history[1], started(big));
    assert.deepEqual(again.instances.get("i2"), store.instances.get("i2"), "a start without input as it was");
    // The same start again, its message still in the inbox (not yet acknowledged) when the log is replayed.
    const inbox = journalIn("devhost-journal-start-inbox");
    inbox.j.commit(start(big));
    assert.deepEqual(inbox.replayed().inbox.get("i1"), [{ id: "m1", event: started(big) }]);
  });

  test("memory-only: commits apply to the store and nothing is written", () => {
    const store = new StateStore();
    const j = new Journal(store);
    j.open();
    j.commit([{ o: "msg", to: "i1", m: { id: "m1" } }]);
    j.compact();
    assert.equal(store.inbox.get("i1")?.length, 1);
    j.close();
  });
});

describe("instance leaves", () => {
  const meta = (executionId: string) => anInstance({ executionId });
  const activity = { kind: "activity", name: "square" };
  const timer = { kind: "timer", name: "" };

  test("are journaled as appends and rebuilt the same from the log and from a snapshot; reset empties them", () => {
    const dir = tempDir("devhost-journal-leaves");
    const j = new Journal(new StateStore(), { dir, compactAfterBytes: 10 ** 9 });
    j.open();
    j.commit([{ o: "inst", v: meta("e1"), reset: true, add: [] }]);
    j.commit([{ o: "inst", v: meta("e1"), add: [], addLeaves: [activity] }]);
    j.commit([{ o: "inst", v: meta("e1"), add: [], addLeaves: [timer, activity] }]);
    const log = readFileSync(join(dir, "journal-0.jsonl"), "utf8");
    assert.equal(log.split("\n").filter((l) => l.includes('"timer"')).length, 1, "each leaf is written once");
    const fromLog = new StateStore();
    new Journal(fromLog, { dir }).open();
    assert.deepEqual(fromLog.instances.get("i1")?.leaves, [activity, timer, activity]);
    j.commit([{ o: "inst", v: meta("e2"), reset: true, add: [] }]);
    j.commit([{ o: "inst", v: meta("e2"), add: [], addLeaves: [timer] }]);
    j.compact();
    const fromSnapshot = new StateStore();
    new Journal(fromSnapshot, { dir }).open();
    assert.deepEqual(fromSnapshot.instances.get("i1")?.leaves, [timer]);
    j.close();
  });
});

describe("Service Bus trigger settlement", () => {
  const fn = {
    metadata: { name: "sb", bindings: {} },
    callback: () => {},
    trigger: { type: "serviceBusTrigger", direction: "in" },
    triggerName: "t",
  } as unknown as RegisteredFunction;
  const message = {
    body: Buffer.from('{"a":1}'),
    messageId: "m-1",
    deliveryCount: 2,
    enqueuedTimeUtc: new Date("2024-01-01T00:00:00Z"),
    correlationId: "c-1",
    applicationProperties: { eventType: "x" },
  } as unknown as ServiceBusReceivedMessage;

  function harness(fail: boolean) {
    const calls: string[] = [];
    let seen: InvokeInput | undefined;
    const triggers = new ServiceBusTriggers({
      registry: new FunctionRegistry(),
      invoker: {
        invoke: async (_fn: RegisteredFunction, input: InvokeInput) => {
          seen = input;
          if (fail) throw new Error("handler failed");
          return { raw: undefined, context: {} };
        },
      },
      log: new DevhostLogger(() => {}),
      env: {},
      clientData: () => ({}),
      maxConcurrentCalls: 1,
      connections: new ServiceBusConnections({}),
    });
    const receiver = {
      completeMessage: async () => void calls.push("complete"),
      abandonMessage: async () => void calls.push("abandon"),
    };
    return { triggers, receiver, calls, seen: () => seen };
  }

  test("success completes the message; body and metadata reach the function", async () => {
    const h = harness(false);
    await h.triggers.process(fn, h.receiver as never, message);
    assert.deepEqual(h.calls, ["complete"]);
    assert.deepEqual(h.seen()?.trigger, { string: '{"a":1}' }, "the body's text, as the host binds it");
    const md = h.seen()?.triggerMetadata ?? {};
    assert.deepEqual(md.MessageId, { string: "m-1" });
    assert.deepEqual(md.DeliveryCount, { int: 3 }, "the host counts deliveries from 1");
    assert.deepEqual(md.EnqueuedTimeUtc, { string: "2024-01-01T00:00:00.000Z" });
    assert.deepEqual(md.CorrelationId, { string: "c-1" });
    assert.deepEqual(md.ApplicationProperties, { json: '{"eventType":"x"}' });
  });

  test("the body goes as the host sends it: text by default, bytes for dataType binary, never re-serialised", () => {
    const deep = Buffer.from(`${"[".repeat(50_000)}${"]".repeat(50_000)}`);
    assert.deepEqual(bodyToTypedData(deep), { string: deep.toString("utf8") }, "nested 50,000 deep: handed over");
    assert.deepEqual(bodyToTypedData(Buffer.from("not json")), { string: "not json" });
    assert.deepEqual(bodyToTypedData(Buffer.from([1, 2]), "binary"), { bytes: new Uint8Array([1, 2]) });
    assert.deepEqual(bodyToTypedData(new Uint8Array([3]), "Stream"), { bytes: new Uint8Array([3]) });
    assert.deepEqual(bodyToTypedData({ a: 1 }), { json: '{"a":1}' }, "an AMQP value section");
  });

  test("failure abandons the message (MaxDeliveryCount then dead-letters it)", async () => {
    const h = harness(true);
    await h.triggers.process(fn, h.receiver as never, message);
    assert.deepEqual(h.calls, ["abandon"]);
  });
});

describe("invoker", () => {
  test("host.json functionTimeout fails an invocation that runs too long", async () => {
    const registry = new FunctionRegistry();
    registry.programmingModel = {
      getInvocationModel: () => ({
        getArguments: async () => ({ context: {}, inputs: [] }),
        invokeFunction: async (_c, _i, callback) => callback(),
        getResponse: async () => ({}),
      }),
    };
    const lines: string[] = [];
    const invoker = new Invoker(new DevhostLogger((l) => lines.push(l)), registry, 50);
    const fn = {
      metadata: { name: "sleepy", bindings: {} },
      callback: () => new Promise((r) => setTimeout(r, 500)),
      trigger: { type: "activityTrigger", direction: "in" },
      triggerName: "t",
    } as unknown as RegisteredFunction;
    await assert.rejects(invoker.invoke(fn, { trigger: { json: "null" } }), { name: "FunctionTimeoutError" });
    assert.match(lines.join("\n"), /fn=sleepy .*outcome=Failed/);
  });
});
