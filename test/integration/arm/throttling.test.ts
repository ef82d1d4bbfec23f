import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { sandboxCredential, startArmSandbox } from "../../../sandbox/arm/index.js";
import { clientsFor, uniqueName, useSandbox } from "./fixtures.js";

const WRITES_HEADER = "x-ms-ratelimit-remaining-subscription-writes";

describe("sandbox/arm throttling (token bucket per subscription)", () => {
  const arm = useSandbox({ resourceGroup: false });

  it("throttles a 200-resource-group write burst exactly: 200 × 2xx, then 429 until tokens refill", async (t) => {
    // A frozen clock stops the 10/s refill, so the counts do not depend on how fast this machine is.
    await arm.sandbox.control.clock({ freeze: true });
    await arm.sandbox.control.throttle({ enabled: true, writes: { burst: 200, perSecond: 10 } });
    const client = clientsFor(arm.sandbox, sandboxCredential(), { retryOptions: { maxRetries: 0 } }).resources;
    const prefix = uniqueName("burst");
    const put = async (i: number) => {
      let remaining: string | undefined;
      let retryAfter: string | undefined;
      try {
        await client.resourceGroups.createOrUpdate(
          `${prefix}-${i}`,
          { location: "eastus" },
          {
            onResponse: (r) => {
              remaining = r.headers.get(WRITES_HEADER);
              retryAfter = r.headers.get("retry-after");
            },
          },
        );
        return { ok: true as const, remaining, retryAfter };
      } catch (e) {
        assert.ok(isRestError(e));
        assert.equal(e.statusCode, 429);
        assert.equal(e.code, "SubscriptionRequestsThrottled");
        return { ok: false as const, remaining, retryAfter };
      }
    };
    const started = performance.now();
    const results: Awaited<ReturnType<typeof put>>[] = [];
    for (let i = 0; i < 210; i += 10)
      results.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => put(i + j)))));
    const ok = results.filter((r) => r.ok);
    const throttled = results.filter((r) => !r.ok);
    assert.equal(ok.length, 200);
    assert.equal(throttled.length, 10);
    assert.deepEqual(
      ok.map((r) => Number(r.remaining)).sort((a, b) => a - b),
      Array.from({ length: 200 }, (_, i) => i),
    );
    for (const r of throttled) {
      assert.equal(r.remaining, "0");
      assert.equal(r.retryAfter, "1");
    }
    // One second of sandbox time refills 10 tokens: exactly 10 more writes pass.
    await arm.sandbox.control.clock({ advanceMs: 1000 });
    const next: Awaited<ReturnType<typeof put>>[] = [];
    for (let i = 0; i < 11; i++) next.push(await put(1000 + i));
    assert.deepEqual(
      next.map((r) => r.ok),
      [...Array(10).fill(true), false],
    );
    t.diagnostic(
      `burst: ${ok.length} × 2xx, ${throttled.length} × 429 in ${Math.round(performance.now() - started)} ms`,
    );
    await arm.sandbox.control.clock({ reset: true });
    await arm.sandbox.control.throttle({ writes: { burst: 200, perSecond: 10 } });
  });

  it("applies throttle options given at start (writes burst 20 / 1 s⁻¹)", async () => {
    const small = await startArmSandbox({ throttle: { writes: { burst: 20, perSecond: 1 } } });
    try {
      await small.control.clock({ freeze: true });
      const clients = clientsFor(small, sandboxCredential(), { retryOptions: { maxRetries: 0 } });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 22; i++) {
        outcomes.push(
          await clients.resources.resourceGroups.createOrUpdate(`small-${i}`, { location: "eastus" }).then(
            () => true,
            () => false,
          ),
        );
      }
      assert.deepEqual(outcomes, [...Array(20).fill(true), false, false]);
    } finally {
      await small.stop();
    }
  });

  it("keeps reads in their own bucket: exhausted reads leave writes alone", async () => {
    await arm.sandbox.control.throttle({ reads: { burst: 2, perSecond: 0.001 } });
    const clients = clientsFor(arm.sandbox, sandboxCredential(), { retryOptions: { maxRetries: 0 } });
    const name = uniqueName("rg");
    await clients.resources.resourceGroups.createOrUpdate(name, { location: "eastus" });
    await clients.resources.resourceGroups.get(name);
    await clients.resources.resourceGroups.get(name);
    await assert.rejects(
      clients.resources.resourceGroups.get(name),
      (e) => isRestError(e) && e.statusCode === 429 && /'read' requests/.test(e.message),
    );
    await clients.resources.resourceGroups.createOrUpdate(name, { location: "eastus" });
    await arm.sandbox.control.throttle({ reads: { burst: 250, perSecond: 25 } });
  });

  it("lets the SDK's own retry honour 429 + Retry-After", async () => {
    await arm.sandbox.control.throttle({ writes: { burst: 1, perSecond: 1 } });
    await arm.sandbox.control.clearCalls();
    const { clients } = arm;
    await clients.resources.resourceGroups.createOrUpdate(uniqueName("rg"), { location: "eastus" });
    const started = Date.now();
    await clients.resources.resourceGroups.createOrUpdate(uniqueName("rg"), { location: "eastus" });
    const statuses = (await arm.sandbox.control.calls()).value.filter((c) => c.method === "PUT").map((c) => c.status);
    assert.deepEqual(statuses, [201, 429, 201]);
    assert.ok(Date.now() - started >= 900, "the SDK waited Retry-After before retrying");
    await arm.sandbox.control.throttle({ writes: { burst: 200, perSecond: 10 } });
  });
});
