import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SandboxClock } from "../../../sandbox/arm/clock.js";
import { durationMs, latencyProfiles } from "../../../sandbox/arm/engine/latency.js";
import { Throttler } from "../../../sandbox/arm/policies/throttle.js";
import { JournaledStore } from "../../../sandbox/arm/store/journaledStore.js";

const resourceGroup = (name: string) => ({
  id: `/subscriptions/s/resourceGroups/${name}`,
  type: "Microsoft.Resources/resourceGroups",
  subscriptionId: "s",
  resourceGroup: name,
  body: { id: `/subscriptions/s/resourceGroups/${name}`, name, type: "Microsoft.Resources/resourceGroups" },
  internal: {},
});

describe("sandbox/arm building blocks", () => {
  it("gives deterministic durations per (seed, key) within ±15 % of the profile", () => {
    const inputs = { profile: "realistic" as const, timeScale: 0.01, seed: 7 };
    const a = durationMs("clusterCreate", "/subscriptions/x/c1", inputs);
    assert.equal(durationMs("clusterCreate", "/subscriptions/x/c1", inputs), a);
    assert.notEqual(durationMs("clusterCreate", "/subscriptions/x/c1", { ...inputs, seed: 8 }), a);
    const base = latencyProfiles.realistic.clusterCreate * 0.01;
    assert.ok(a >= base * 0.85 && a <= base * 1.15);
    assert.equal(durationMs("clusterCreate", "k", { ...inputs, profile: "instant" }), 0);
  });

  it("orders realistic durations as real Azure does: VNet ≪ disk < ACR ≪ cluster", () => {
    const r = latencyProfiles.realistic;
    assert.ok(r.virtualNetwork * 1.15 < r.disk * 0.85);
    assert.ok(r.disk * 1.15 < r.registry * 0.85);
    assert.ok(r.registry * 1.15 < r.clusterCreate * 0.85);
  });

  it("refills the token bucket from the sandbox clock", () => {
    const clock = new SandboxClock();
    clock.freeze();
    const throttler = new Throttler(clock, {
      enabled: true,
      reads: { burst: 2, perSecond: 1 },
      writes: { burst: 2, perSecond: 4 },
      deletes: { burst: 1, perSecond: 1 },
    });
    assert.deepEqual([throttler.take("s", "writes").remaining, throttler.take("s", "writes").remaining], [1, 0]);
    const refused = throttler.take("s", "writes");
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterSeconds, 1);
    clock.advance(250);
    assert.equal(throttler.take("s", "writes").allowed, true);
    assert.equal(throttler.take("other", "writes").remaining, 1, "buckets are per subscription");
  });

  it("replays the journal and survives a torn last line", () => {
    const dir = mkdtempSync(join(tmpdir(), "arm-journal-"));
    const store = new JournaledStore(dir);
    store.putResource(resourceGroup("RG"));
    store.setMeta("k", 1);
    // No close: the process "crashed" mid-write of a third record.
    appendFileSync(join(dir, "journal-0.jsonl"), '{"op":"putRes');
    const reopened = new JournaledStore(dir);
    assert.equal(reopened.getResource("/SUBSCRIPTIONS/s/resourcegroups/rg")?.body.name, "RG");
    assert.equal(reopened.getMeta("k"), 1);
    reopened.setMeta("k", 2);
    reopened.close();
    const third = new JournaledStore(dir);
    assert.equal(third.getMeta("k"), 2, "a write after the torn line survives");
    third.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("compacts resources, operations and meta into a snapshot, and persists a clear()", () => {
    const dir = mkdtempSync(join(tmpdir(), "arm-journal-"));
    const store = new JournaledStore(dir, { compactAfterBytes: 1 });
    store.putResource(resourceGroup("A"));
    store.putResource(resourceGroup("B"));
    store.deleteResource("/subscriptions/s/resourceGroups/a");
    store.putOperation({
      id: "OP1",
      subscriptionId: "s",
      kind: "noop",
      resourceKey: "/subscriptions/s/resourcegroups/b",
      method: "PUT",
      startedAtMs: 0,
      dueAtMs: 1,
      status: "InProgress",
      statusStyle: "arm",
      data: {},
    });
    store.setMeta("k", 1);
    assert.ok(!existsSync(join(dir, "journal-0.jsonl")), "compaction started a new log generation");
    store.close();
    const reopened = new JournaledStore(dir);
    assert.deepEqual(
      reopened.listResources().map((r) => r.body.name),
      ["B"],
    );
    assert.equal(reopened.getOperation("op1")?.status, "InProgress");
    assert.equal(reopened.getMeta("k"), 1);
    reopened.clear();
    reopened.close();
    const cleared = new JournaledStore(dir);
    assert.deepEqual([cleared.listResources(), cleared.listOperations(), cleared.getMeta("k")], [[], [], undefined]);
    cleared.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
