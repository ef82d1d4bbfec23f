import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as df from "durable-functions";
import { referencesGate } from "../../../src/orchestrators/referencesGate.js";
import { aProvisionInput } from "./provisionInputs.js";

const SUBNET =
  "/subscriptions/00000000-0000-0000-0000-0000000000ad/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks";

// The gate's logic with a scripted Durable context: which activities it calls, what it publishes, how it ends.
function run(values: Record<string, unknown>, answer: (name: string) => unknown) {
  const input = aProvisionInput(values);
  const called: string[] = [];
  let timers = 0;
  const published: { type: string; data: Record<string, unknown> }[] = [];
  let now = new Date("2026-03-01T00:00:00Z");
  const context = {
    df: {
      get currentUtcDateTime() {
        return now;
      },
      instanceId: "provision-CHG-42",
      getInput: () => input,
      setCustomStatus() {},
      createTimer: (fireAt: Date) => {
        timers++;
        return { name: "timer", fireAt };
      },
      Task: { all: (ts: { name: string }[]) => ({ name: "all", ts }) },
      callActivityWithRetry: (name: string, _retry: unknown, payload: unknown) => {
        called.push(name);
        if (name === "deliverEvents") published.push(...(payload as typeof published));
        return { name };
      },
    },
  } as unknown as df.OrchestrationContext;
  const gen = referencesGate(context, input);
  let step = gen.next();
  while (!step.done) {
    const task = step.value as unknown as { name: string; fireAt?: Date; ts?: { name: string; result?: unknown }[] };
    if (task.fireAt) now = task.fireAt;
    // Task.all answers each task in turn (on the task, as Durable's do); one that failed fails it (the first error).
    const results = task.ts ? task.ts.map((t) => answer(t.name)) : [answer(task.name)];
    task.ts?.forEach((t, i) => {
      t.result = results[i];
    });
    const failed = results.find((r) => r instanceof Error);
    step = failed ? gen.throw(failed) : gen.next(task.ts ? results : results[0]);
  }
  return { outcome: step.value, called, published, timers };
}

const check = (status: string, message = "") => ({ name: "references", status, message });
/** The `checkReferences` activity's answer with one check; `retryable` when ARM kept it from being done. */
const answer = (c: ReturnType<typeof check>, retryable = false) => ({
  result: { ok: c.status !== "failed", checks: [c] },
  retryable,
});
const THROTTLED = answer(check("failed", "could not check: SubscriptionRequestsThrottled: slow down"), true);

describe("references gate: a provisioning without approval reads what it references before its lock", () => {
  it("a plan that references nothing reads nothing and goes on", () => {
    const { outcome, called } = run({}, () => assert.fail("no activity"));
    assert.deepEqual(outcome, { proceed: true });
    assert.deepEqual(called, []);
  });

  it("a missing reference ends the run failed at step preflight, every step skipped, one failed event", () => {
    const missing = check("failed", `ReferenceNotFound: network.subnetId: ${SUBNET} (404 NotFound: gone)`);
    const { outcome, called, published } = run({ network: { kind: "existing", subnetId: SUBNET } }, (name) =>
      name === "checkReferences" ? answer(missing) : { delivered: true },
    );
    assert.ok(!outcome.proceed);
    assert.equal(outcome.status.state, "failed");
    assert.deepEqual(outcome.status.failure, {
      step: "preflight",
      error: { code: "PreflightFailed", message: `nothing was written: references: ${missing.message}` },
    });
    assert.ok(outcome.status.steps.every((s) => s.state === "skipped"));
    assert.deepEqual(called, ["checkReferences", "deliverEvents"]);
    assert.deepEqual(
      published.map((e) => [e.type, e.data.step]),
      [["cluster.provisioning.failed", "preflight"]],
    );
  });

  it("found or unreadable (a warning) goes on", () => {
    for (const status of ["ok", "warning"]) {
      const { outcome, called } = run({ network: { kind: "existing", subnetId: SUBNET } }, () => answer(check(status)));
      assert.deepEqual(outcome, { proceed: true }, status);
      assert.deepEqual(called, ["checkReferences"]);
    }
  });

  it("a check ARM kept from being done at every try refuses the run with ARM's words", () => {
    const { outcome, called } = run({ network: { kind: "existing", subnetId: SUBNET } }, (name) =>
      name === "checkReferences" ? THROTTLED : { delivered: true },
    );
    assert.ok(!outcome.proceed);
    assert.match(
      outcome.status.failure?.error.message ?? "",
      /references: could not check: SubscriptionRequestsThrottled/,
    );
    assert.equal(called.filter((n) => n === "checkReferences").length, 6, "asked 6 times, backing off between");
  });

  it("a check ARM throttled is asked again after a back-off, and the run goes on when it passes", () => {
    let tries = 0;
    const { outcome, called, timers } = run({ network: { kind: "existing", subnetId: SUBNET } }, (name) => {
      if (name !== "checkReferences") return undefined;
      tries++;
      return tries === 1 ? THROTTLED : answer(check("ok"));
    });
    assert.deepEqual(outcome, { proceed: true });
    assert.deepEqual(called, ["checkReferences", "checkReferences"]);
    assert.equal(timers, 1, "one back-off between the asks");
  });
});
