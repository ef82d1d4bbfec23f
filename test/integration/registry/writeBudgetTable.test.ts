import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TableClient } from "@azure/data-tables";
import { type AzuriteSandbox, startAzurite } from "../../../sandbox/azurite/index.js";
import { writeBudgetTableOn } from "../../../src/activities/writeBudgetTable.js";

let azurite: AzuriteSandbox;
before(async () => {
  azurite = await startAzurite();
});
after(() => azurite.stop());

// Each table client stands for one Function App instance: its own process, its own remembered ETag.
const instance = (name: string, maxAttempts?: number) =>
  writeBudgetTableOn(
    TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true }),
    maxAttempts,
  );

describe("the ARM write budget on Azurite", () => {
  it("three instances taking 60 tokens at once from one subscription's bucket are granted exactly its burst", async () => {
    const settings = { burst: 10, perSecond: 0.1 };
    const instances = [instance("budgetShared"), instance("budgetShared"), instance("budgetShared")];
    const now = Date.now();
    const grants = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (instances[i % 3] as (typeof instances)[number]).take("SUB-A", settings, now),
      ),
    );
    assert.equal(grants.filter((g) => g.granted).length, 10, "a lost race read the row again, no token was minted");
    const waits = grants.flatMap((g) => (g.granted ? [] : [g.retryAfterMs])).sort((a, b) => a - b);
    assert.equal(new Set(waits).size, 50, "every refused write was told a time of its own, a token apart");
    assert.equal(waits[0], 10_000);
    const other = await instances[0]?.take("sub-b", settings, now);
    assert.deepEqual(other, { granted: true }, "another subscription has a bucket of its own");
  });

  it("a drain from one instance refuses the others until ARM's Retry-After", async () => {
    const settings = { burst: 5, perSecond: 5 };
    const [a, b] = [instance("budgetDrain"), instance("budgetDrain")];
    const now = Date.now();
    assert.deepEqual(await b.take("sub", settings, now), { granted: true });
    await a.drain("sub", settings, now + 3000, now);
    const refused = await b.take("sub", settings, now + 1000);
    assert.deepEqual(refused, { granted: false, retryAtMs: now + 3000, retryAfterMs: 2000 });
    assert.deepEqual(await b.take("sub", settings, now + 3000, refused.granted ? undefined : refused.retryAtMs), {
      granted: true,
    });
    assert.equal((await a.read("SUB"))?.blockedUntilMs, now + 3000);
  });

  it("asking takes nothing while a token is there; a refused ask holds its ticket like a refused take", async () => {
    const settings = { burst: 1, perSecond: 1 };
    const [a, b] = [instance("budgetAsk"), instance("budgetAsk")];
    const now = Date.now();
    assert.deepEqual(await a.ask("sub", settings, now), { granted: true });
    assert.deepEqual(await b.ask("sub", settings, now), { granted: true });
    assert.deepEqual(await b.take("sub", settings, now), { granted: true });
    assert.deepEqual(await a.ask("sub", settings, now), { granted: false, retryAtMs: now + 1000, retryAfterMs: 1000 });
    assert.equal((await b.read("sub"))?.queuedUntilMs, now + 1000, "the refusal's ticket is on the row");
  });

  it("a take that loses every race is refused a token later, not failed", async () => {
    const settings = { burst: 100, perSecond: 4 };
    const [a, b] = [instance("budgetBusy", 1), instance("budgetBusy", 1)];
    const now = Date.now();
    assert.deepEqual(await a.take("sub", settings, now), { granted: true });
    assert.deepEqual(await b.take("sub", settings, now), { granted: true }, "b's write moved the row's ETag on");
    // a's remembered ETag is stale: its one attempt loses (412), and it is told to come back, tokens or not.
    const lost = await a.take("sub", settings, now);
    assert.equal(lost.granted, false);
    assert.equal(lost.granted ? 0 : lost.retryAfterMs, 250);
    assert.equal((await a.read("sub"))?.tokens, 98, "nothing was taken by the lost race");
  });
});
