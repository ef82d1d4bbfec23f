import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  armFinishes,
  budgetWaitMs,
  firstAttempts,
  resourceGroupOf,
  stepGaps,
  stepPhases,
  type TimedCall,
} from "../../../bench/provision/stepOverhead.js";

const SUB = "/subscriptions/s";
const call = (atMs: number, method: string, path: string, extra: Partial<TimedCall> = {}): TimedCall => ({
  atMs,
  durationMs: 5,
  method,
  path,
  status: method === "GET" ? 200 : 201,
  clientRequestId: `${method}-${atMs}`,
  ...extra,
});

describe("step overhead", () => {
  it("names the run by the resource group of a call's path, in lower case", () => {
    assert.equal(resourceGroupOf(`${SUB}/resourceGroups/RG-A/providers/Microsoft.Network/virtualNetworks/v`), "rg-a");
    assert.equal(resourceGroupOf(`${SUB}/resourcegroups/rg-b`), "rg-b");
    assert.equal(resourceGroupOf(`${SUB}/providers/Microsoft.Network/locations/x/operations/1`), undefined);
  });

  it("a synchronous write finishes at its response, an asynchronous one at the first poll sent once it had ended", () => {
    const rg = call(0, "PUT", `${SUB}/resourcegroups/rg`);
    const vnet = call(100, "PUT", `${SUB}/resourcegroups/rg/providers/Microsoft.Network/virtualNetworks/v`);
    const failed = call(120, "PUT", `${SUB}/resourcegroups/rg/x`, { status: 429 });
    const polls = [
      call(200, "GET", `${SUB}/providers/Microsoft.Network/locations/w/operations/OP1`),
      call(700, "GET", `${SUB}/providers/Microsoft.Network/locations/w/operations/op1`),
      call(1200, "GET", `${SUB}/providers/Microsoft.Network/locations/w/operations/op1`),
    ];
    const ops = [{ id: "op1", status: "Succeeded", clientRequestId: vnet.clientRequestId, endedAtMs: 650 }];
    assert.deepEqual(armFinishes([vnet, rg, failed], polls, ops), [5, 705]);
  });

  it("an operation that did not succeed, or was never seen ended, finishes nothing", () => {
    const w = call(0, "PUT", `${SUB}/resourcegroups/rg/a`);
    const polls = [call(100, "GET", `${SUB}/operations/op1`)];
    assert.deepEqual(
      armFinishes([w], polls, [{ id: "op1", status: "Failed", clientRequestId: w.clientRequestId, endedAtMs: 50 }]),
      [],
    );
    assert.deepEqual(
      armFinishes([w], polls, [{ id: "op1", status: "Succeeded", clientRequestId: w.clientRequestId, endedAtMs: 500 }]),
      [],
    );
  });

  it("a step is the first write after a finish, timed from the latest finish before it", () => {
    // RG finishes at 10; the parallel stage's writes at 40, 45, 50; they finish at 300, 900, 400; the cluster at 930.
    const gaps = stepGaps([10, 300, 900, 400], [50, 40, 45, 930, 0]);
    assert.deepEqual(
      gaps.map((g) => [g.finishedAtMs, g.writeAtMs, g.gapMs, g.held]),
      [
        [10, 40, 30, false],
        [900, 930, 30, false],
      ],
    );
  });

  it("a durable timer between the finish and the write marks the step as held back by the budget", () => {
    const gaps = stepGaps([10, 900], [40, 2000], [950, 2500, 5]);
    assert.deepEqual(
      gaps.map((g) => g.held),
      [false, true],
    );
    assert.equal(gaps[1]?.gapMs, 1100);
  });

  it("a write retried under the same client request id counts at its first attempt", () => {
    const a = call(100, "PUT", "/x", { clientRequestId: "c1", status: 429 });
    const b = call(1100, "PUT", "/x", { clientRequestId: "c1" });
    const c = call(50, "PUT", "/y", { clientRequestId: "c2" });
    assert.deepEqual(
      firstAttempts([b, a, c]).map((w) => w.atMs),
      [50, 100],
    );
  });
});

describe("step phases", () => {
  const step = { finishedAtMs: 1000, writeAtMs: 1200, gapMs: 200, held: false };
  it("split a step at the activity's completion and the write's scheduling", () => {
    const history = [
      { type: "TaskScheduled", atMs: 900 },
      { type: "TaskCompleted", atMs: 1010 },
      { type: "TaskCompleted", atMs: 1100 },
      { type: "EventRaised", atMs: 1140 },
      { type: "TaskScheduled", atMs: 1150 },
      { type: "TaskScheduled", atMs: 1300 },
    ];
    assert.deepEqual(stepPhases(step, history), { toOrchestratorMs: 10, inOrchestratorMs: 140, toArmMs: 50 });
  });
  it("are unknown when the history lacks either mark", () => {
    assert.equal(stepPhases(step, [{ type: "TaskScheduled", atMs: 1150 }]), undefined);
    assert.equal(stepPhases(step, [{ type: "TaskCompleted", atMs: 1150 }]), undefined);
  });

  it("a step's budget wait is the timers it slept on between the finish and the write; the rest is overhead", () => {
    const step = { finishedAtMs: 1000, writeAtMs: 3000, gapMs: 2000, held: true };
    const history = [
      { type: "TimerCreated", atMs: 500 }, // before the finish: another stage's
      { type: "TimerFired", atMs: 900 },
      { type: "TaskCompleted", atMs: 1020 }, // the refused attempt
      { type: "TimerCreated", atMs: 1030 },
      { type: "TimerFired", atMs: 1530 },
      { type: "TimerCreated", atMs: 1560 }, // refused again
      { type: "TimerFired", atMs: 2860 },
    ];
    assert.equal(budgetWaitMs(step, history), 500 + 1300);
    assert.equal(budgetWaitMs({ ...step, writeAtMs: 2000 }, history), 500 + 440, "a wait is cut at the write");
    assert.equal(budgetWaitMs({ ...step, held: false }, []), 0);
  });
});
