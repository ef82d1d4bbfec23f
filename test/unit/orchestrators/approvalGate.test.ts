import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as df from "durable-functions";
import { approvalGate, MAX_TIMER_MS } from "../../../src/orchestrators/approvalGate.js";
import { aProvisionInput } from "./provisionInputs.js";

const ESTIMATE = { currency: "USD", monthly: { min: 1, max: 1 }, lines: [], unpriced: [] };
const NAME_OK = {
  result: { ok: true, checks: [{ name: "registryName", status: "ok", message: "acrdev is available" }] },
  retryable: false,
};

/** A preflight answer whose quota check ARM throttled: worth asking again. */
const THROTTLED = {
  result: {
    ok: false,
    checks: [{ name: "quota", status: "failed", message: "could not check: SubscriptionRequestsThrottled: …" }],
  },
  retryable: true,
};

type FakeTask = { kind: string; name?: string; fireAt?: Date; result?: unknown; cancel?: () => void; ts?: FakeTask[] };

// The gate's orchestration logic with a scripted Durable context: which timers it sets, what it does with a decision.
function run(
  timeoutHours: number,
  decideOnRound?: { round: number; decision: unknown },
  preflights: unknown[] = [{ result: { ok: true, checks: [] }, retryable: false }],
  nameAnswers: unknown[] = [],
) {
  const nameChecks: unknown[] = [];
  const input = aProvisionInput({}, { approval: { timeoutHours, reasons: ["the request asks for approval"] } });
  const start = new Date("2026-03-01T00:00:00Z");
  let now = start;
  const timers: Date[] = [];
  const published: string[] = [];
  const context = {
    df: {
      get currentUtcDateTime() {
        return now;
      },
      getInput: () => input,
      setCustomStatus() {},
      callActivityWithRetry: (name: string, _retry: unknown, payload: unknown): FakeTask => {
        if (name === "preflightForRun") return { kind: "activity", name, result: preflights.shift() };
        if (name === "checkRegistryName") {
          nameChecks.push(payload);
          return { kind: "activity", name, result: nameAnswers.shift() ?? NAME_OK };
        }
        if (name !== "deliverEvents") return { kind: "activity", name };
        published.push(...(payload as { type: string }[]).map((e) => e.type));
        return { kind: "activity", name, result: { delivered: true } };
      },
      callActivity: (name: string): FakeTask => ({
        kind: "activity",
        name,
        result: name === "estimateCost" ? ESTIMATE : undefined,
      }),
      createTimer: (fireAt: Date): FakeTask => ({ kind: "timer", fireAt, cancel() {} }),
      waitForExternalEvent: (name: string): FakeTask => ({ kind: "event", name }),
      Task: {
        all: (ts: FakeTask[]): FakeTask => ({ kind: "all", ts }),
        any: (ts: FakeTask[]): FakeTask => ({ kind: "any", ts }),
      },
    },
  } as unknown as df.OrchestrationContext;

  const gen = approvalGate(context, input);
  let round = 0;
  let step = gen.next();
  while (!step.done) {
    const task = step.value as unknown as FakeTask;
    let answer: unknown = task.result;
    if (task.kind === "all") answer = task.ts?.map((t) => t.result);
    else if (task.kind === "timer") {
      timers.push(task.fireAt as Date);
      now = task.fireAt as Date;
    } else if (task.kind === "any") {
      round++;
      const [event, timer] = task.ts as [FakeTask, FakeTask];
      if (decideOnRound?.round === round) {
        event.result = decideOnRound.decision;
        answer = event;
      } else {
        timers.push(timer.fireAt as Date);
        now = timer.fireAt as Date;
        answer = timer;
      }
    }
    step = gen.next(answer);
  }
  return { outcome: step.value, timers, start, published, nameChecks };
}

describe("approval gate: waiting on durable timers", () => {
  it("chains timers of at most 6 days up to a 15-day timeout, then expires", () => {
    const { outcome, timers, start, published } = run(15 * 24);
    assert.equal(outcome.proceed, false);
    assert.equal(!outcome.proceed && outcome.status.state, "expired");
    assert.equal(timers.length, 3);
    let previous = start.getTime();
    for (const t of timers) {
      assert.ok(t.getTime() - previous <= MAX_TIMER_MS, "no timer longer than 6 days");
      previous = t.getTime();
    }
    assert.equal(timers.at(-1)?.getTime(), start.getTime() + 15 * 24 * 3_600_000);
    assert.deepEqual(published, ["cluster.approval.requested", "cluster.approval.expired"]);
  });

  it("goes on when an approval arrives in a later round, and ignores a malformed payload", () => {
    const granted = run(15 * 24, {
      round: 2,
      decision: { verdict: "approve", approver: "lead@contoso.com", decidedAt: "2026-03-07T00:00:00Z" },
    });
    assert.equal(granted.outcome.proceed, true);
    assert.equal(granted.outcome.proceed && granted.outcome.approval?.approver, "lead@contoso.com");
    assert.deepEqual(granted.published, ["cluster.approval.requested", "cluster.approval.granted"]);

    const malformed = run(1, { round: 1, decision: { verdict: "maybe" } });
    assert.equal(!malformed.outcome.proceed && malformed.outcome.status.state, "expired");
  });

  it("a rejection ends the run rejected, every step skipped", () => {
    const { outcome, published } = run(1, {
      round: 1,
      decision: { verdict: "reject", approver: "a@b.c", decidedAt: "x" },
    });
    assert.ok(!outcome.proceed);
    assert.equal(outcome.status.state, "rejected");
    assert.ok(outcome.status.steps.every((s) => s.state === "skipped"));
    assert.deepEqual(published, ["cluster.approval.requested", "cluster.approval.rejected"]);
  });

  it("a failed preflight ends the run before anyone is asked", () => {
    const failed = { ok: false, checks: [{ name: "quota", status: "failed", message: "QuotaExceeded in westeurope" }] };
    const { outcome, timers, published } = run(1, undefined, [{ result: failed, retryable: false }]);
    assert.ok(!outcome.proceed);
    assert.equal(outcome.status.state, "failed");
    assert.equal(outcome.status.failure?.step, "preflight");
    assert.match(outcome.status.failure?.error.message ?? "", /quota: QuotaExceeded/);
    assert.equal(timers.length, 0);
    assert.deepEqual(published, ["cluster.provisioning.failed"]);
  });

  it("a check ARM throttled is asked again after a back-off, and the run goes on when it passes", () => {
    const ok = { result: { ok: true, checks: [] }, retryable: false };
    const { outcome, timers, start, published } = run(1, undefined, [THROTTLED, THROTTLED, ok]);
    assert.equal(!outcome.proceed && outcome.status.state, "expired", "it went on to ask for the approval");
    assert.deepEqual(
      timers.slice(0, 2).map((t) => t.getTime() - start.getTime()),
      [1000, 3000],
      "waits of 1 s, then 2 s",
    );
    assert.deepEqual(published, ["cluster.approval.requested", "cluster.approval.expired"]);
  });

  it("a check still throttled after every attempt refuses the run with Azure's words", () => {
    const { outcome, timers } = run(
      1,
      undefined,
      Array.from({ length: 10 }, () => structuredClone(THROTTLED)),
    );
    assert.ok(!outcome.proceed);
    assert.equal(outcome.status.failure?.step, "preflight");
    assert.match(outcome.status.failure?.error.message ?? "", /quota: could not check: SubscriptionRequestsThrottled/);
    assert.equal(timers.length, 5, "six attempts, five waits");
  });
});

describe("approval gate: the registry's name check draws from the write budget", () => {
  it("is its own call after the preflight's, metered, and a taken name refuses the run before anyone is asked", () => {
    const taken = {
      result: {
        ok: false,
        checks: [{ name: "registryName", status: "failed", message: "acrdev is not available: AlreadyExists" }],
      },
      retryable: false,
    };
    const { outcome, nameChecks, published } = run(1, undefined, undefined, [taken]);
    assert.equal(nameChecks.length, 1);
    const metered = nameChecks[0] as { writeBudget?: { subscriptionId: string }; input?: { subscriptionId: string } };
    assert.ok(metered.writeBudget, "the call's input carries the write budget (meteredWrite takes a token)");
    assert.equal(metered.writeBudget.subscriptionId, metered.input?.subscriptionId);
    assert.ok(!outcome.proceed);
    assert.equal(outcome.status.failure?.step, "preflight");
    assert.match(outcome.status.failure?.error.message ?? "", /registryName: acrdev is not available/);
    assert.deepEqual(published, ["cluster.provisioning.failed"]);
  });

  it("a refusal of the budget waits on a timer until the ticket and asks again with it", () => {
    const ticketMs = Date.parse("2026-03-01T00:00:05Z");
    const refused = { writeDeferred: { retryAfterMs: 5000, ticketMs } };
    const { outcome, nameChecks, timers, start, published } = run(1, undefined, undefined, [refused]);
    assert.equal(nameChecks.length, 2, "asked again once the budget said");
    assert.equal((nameChecks[1] as { writeBudget: { ticketMs?: number } }).writeBudget.ticketMs, ticketMs);
    assert.equal(timers[0]?.getTime(), start.getTime() + 5000, "slept out the refusal's Retry-After");
    assert.equal(!outcome.proceed && outcome.status.state, "expired", "then asked for the approval");
    assert.deepEqual(published, ["cluster.approval.requested", "cluster.approval.expired"]);
  });

  it("a run whose preflight answer holds the name check already (started before it was split) makes no call", () => {
    const before = { result: NAME_OK.result, retryable: false };
    const { outcome, nameChecks } = run(1, undefined, [before]);
    assert.equal(nameChecks.length, 0);
    assert.equal(!outcome.proceed && outcome.status.state, "expired");
  });
});
