import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { QuotaSettings } from "../../sandbox/arm/index.js";
import { waitFor } from "../helpers/waitFor.js";
import { Provisioner } from "../integration/provision/harness.js";
import { aRequest, taggedWith } from "../integration/provision/requests.js";
import { size } from "./size.js";

// Random transient faults on every ARM route (seeded by the sandbox): 10 % 5xx/429 and 5 % 409 in progress.
const RUNS = size(3, 10);
// Quota failures per error code: AKS reports an exhausted vCPU quota with either code.
const QUOTA_RUNS = size(1, 3);
const QUOTA_CODES: QuotaSettings["errorCode"][] = ["QuotaExceeded", "ErrCode_InsufficientVCPUQuota"];
// ARM slow: the `fast` profile at this time scale, then ten times slower, under a timeout that 10× fits in and
// 100× does not (the profile's critical path is ~4.5 s at scale 1: 10× of 0.2 is ~9 s, 100× ~90 s).
const BASE_SCALE = size(0.2, 1);
const SLOW_TIMEOUT_MINUTES = size(0.75, 3);
// Regional vCPUs of the shared sandbox outside the quota check (the default, 100, is ten dev clusters).
const ROOMY_VCPUS = 10_000;

// One sandbox for the three checks, one after the other (each devhost costs a CPU-second or more to start on a
// machine the other suites load too); each check sets the ARM behaviour it needs and puts it back.
export function suite(): void {
  describe("faults: transient errors absorbed, a quota failure fails fast and rolls back, slow ARM in time", {
    concurrency: false,
  }, () => {
    let p: Provisioner;
    before(async () => {
      p = await Provisioner.start({
        arm: { seed: 14 },
        settings: { PROVISION_TIMEOUT_MINUTES: String(SLOW_TIMEOUT_MINUTES) },
      });
      // The runs' clusters stay (10 vCPUs each): room for every one of them, so only the quota check hits a limit.
      await p.arm.control.quota({ regionalVcpus: ROOMY_VCPUS });
    });
    after(() => p?.stop());
    transientFaults(() => p);
    quotaFailure(() => p);
    slowArm(() => p);
  });
}

function transientFaults(provisioner: () => Provisioner): void {
  describe("random transient ARM errors on every route are absorbed", () => {
    let p: Provisioner;
    before(async () => {
      p = provisioner();
      const rule = { action: "error" as const, pathPattern: "^/subscriptions/" };
      await p.arm.control.addFault({ ...rule, status: 500, code: "InternalServerError", probability: 0.04 });
      await p.arm.control.addFault({ ...rule, status: 503, code: "ServiceUnavailable", probability: 0.03 });
      await p.arm.control.addFault({ ...rule, status: 429, code: "TooManyRequests", probability: 0.03 });
      await p.arm.control.addFault({
        ...rule,
        method: "PUT",
        status: 409,
        code: "AnotherOperationInProgress",
        message: "Another operation is in progress on the resource.",
        probability: 0.05,
      });
    });
    after(() => p.arm.control.clearFaults());

    it(`${RUNS} provisionings under 10 % 5xx/429 and 5 % 409 in progress all succeed and leave nothing behind on failure`, async (t) => {
      const requests = Array.from({ length: RUNS }, () => aRequest("fault"));
      for (const r of requests) assert.equal((await p.api("POST", "clusters", r)).status, 202);
      const failed: string[] = [];
      for (const r of requests) {
        const status = await p.finished(r.requestId, 120_000);
        if (status.state !== "succeeded") {
          failed.push(`${r.requestId}: ${status.state} ${JSON.stringify(status.failure)}`);
          assert.deepEqual(await taggedWith(p, r.requestId), [], `left tagged after ${r.requestId}'s rollback`);
        }
      }
      const { value } = await p.arm.control.calls();
      const errors = value.filter((c) => Number(c.status) >= 409).length;
      assert.deepEqual(failed, [], "runs that did not succeed under transient faults");
      t.diagnostic(
        `faults: ${RUNS - failed.length}/${RUNS} succeeded; ${errors} of ${value.length} ARM calls answered an error`,
      );
    });
  });
}

/** A request's final status as the status API shows a failed run. */
type FailedStatus = Awaited<ReturnType<Provisioner["finished"]>> & {
  failure?: { step: string; error: { code: string; message: string } };
};

function quotaFailure(provisioner: () => Provisioner): void {
  describe("a vCPU quota failure of the cluster's operation fails fast and rolls back", () => {
    let p: Provisioner;
    before(async () => {
      p = provisioner();
      // `fast`: the cluster's operation runs ~3 s, polled every 50 ms, so it is polled many times before it fails.
      await p.arm.control.settings({ profile: "fast" });
    });
    after(async () => {
      await p.arm.control.quota({ regionalVcpus: ROOMY_VCPUS, failure: "sync", errorCode: "QuotaExceeded" });
      await p.arm.control.settings({ profile: "instant" });
    });

    for (const errorCode of QUOTA_CODES) {
      it(`${errorCode}: cluster.provisioning.failed within two polls of the failure; nothing tagged is left`, async (t) => {
        // Asynchronous, as when VMSS creation runs out of cores: the PUT is accepted and its operation ends Failed.
        await p.arm.control.quota({ regionalVcpus: 1, failure: "async", errorCode });
        const requests = Array.from({ length: QUOTA_RUNS }, () => aRequest("quota"));
        for (const r of requests) assert.equal((await p.api("POST", "clusters", r)).status, 202);
        const figures: string[] = [];
        for (const r of requests) {
          const status = (await p.finished(r.requestId, 90_000)) as FailedStatus;
          assert.equal(status.state, "rolledBack", `${r.requestId}: ${JSON.stringify(status.failure)}`);
          assert.equal(status.failure?.step, "cluster", `${r.requestId} failed at ${status.failure?.step}`);
          assert.equal(status.failure?.error.code, errorCode, `${r.requestId}: ${JSON.stringify(status.failure)}`);

          const failedEvent = await waitFor(
            () => p.eventsOf(r.requestId).find((e) => e.type === "cluster.provisioning.failed"),
            15_000,
          );
          const { operations } = await p.arm.control.state();
          const clusterKey = `/managedclusters/${r.cluster.name.toLowerCase()}`;
          const op = operations.find((o) => o.resourceKey.endsWith(clusterKey) && o.error?.code === errorCode);
          assert.ok(op, `no failed operation of ${r.cluster.name} in the sandbox`);
          const { value: calls } = await p.arm.control.calls();
          const polls = calls.filter((c) => c.method === "GET" && c.path.toLowerCase().includes(op.id.toLowerCase()));
          const after = polls.filter((c) => c.atMs >= op.dueAtMs);
          assert.ok(polls.length > after.length, `${r.requestId}: the operation was never polled while it ran`);
          assert.ok(after.length <= 2, `${r.requestId}: ${after.length} polls of the failed operation after it failed`);
          const eventMs = Date.parse(String(failedEvent.event.time));
          assert.ok(
            after.every((c) => c.atMs <= eventMs),
            `${r.requestId}: the failed operation was polled after cluster.provisioning.failed`,
          );
          assert.deepEqual(await taggedWith(p, r.requestId), [], `left tagged after ${r.requestId}'s rollback`);
          figures.push(`${after.length} poll(s), event +${Math.max(0, eventMs - op.dueAtMs)} ms`);
        }
        t.diagnostic(
          `quota ${errorCode}: ${requests.length}/${requests.length} failed at cluster and rolled back to 0 tagged; after the failure ${figures.join("; ")}`,
        );
      });
    }
  });
}

function slowArm(provisioner: () => Provisioner): void {
  describe("ARM ten times slower still provisions inside the timeout", () => {
    let p: Provisioner;
    before(async () => {
      p = provisioner();
      await p.arm.control.settings({ profile: "fast", timeScale: BASE_SCALE });
    });
    after(() => p.arm.control.settings({ profile: "instant", timeScale: 1 }));

    it(`the fast profile ×${BASE_SCALE}, then ×${BASE_SCALE * 10}: both succeed under a ${SLOW_TIMEOUT_MINUTES}-minute timeout`, async (t) => {
      const timeoutMs = SLOW_TIMEOUT_MINUTES * 60_000;
      const base = await timedRun(p, "base");
      await p.arm.control.settings({ timeScale: BASE_SCALE * 10 });
      const slow = await timedRun(p, "slow");
      // The sandbox really was ten times slower: its cluster operation took ~10× as long (±15 % jitter each).
      assert.ok(
        slow.clusterOpMs >= 5 * base.clusterOpMs,
        `cluster operation ${slow.clusterOpMs} ms at ×10 vs ${base.clusterOpMs} ms`,
      );
      assert.ok(slow.wallMs < timeoutMs, `the slow run took ${slow.wallMs} ms, timeout ${timeoutMs} ms`);
      // The timeout is tight enough to mean something: ARM a hundred times slower would outlive it.
      assert.ok(slow.clusterOpMs * 10 > timeoutMs, `100× (${slow.clusterOpMs * 10} ms of cluster) fits the timeout`);
      t.diagnostic(
        `slow ARM: ×${BASE_SCALE} ${base.wallMs} ms (cluster op ${base.clusterOpMs} ms), ×${BASE_SCALE * 10} ${slow.wallMs} ms (cluster op ${slow.clusterOpMs} ms), timeout ${timeoutMs} ms: both succeeded`,
      );
    });
  });
}

/** One provisioning to success: its wall time, and how long the sandbox took over its cluster's operation. */
async function timedRun(p: Provisioner, label: string): Promise<{ wallMs: number; clusterOpMs: number }> {
  const r = aRequest(label);
  const started = Date.now();
  assert.equal((await p.api("POST", "clusters", r)).status, 202);
  const status = await p.finished(r.requestId, 110_000);
  const wallMs = Date.now() - started;
  assert.equal(status.state, "succeeded", `${label}: ${status.state} ${JSON.stringify(status.failure)}`);
  const { operations } = await p.arm.control.state();
  const clusterKey = `/managedclusters/${r.cluster.name.toLowerCase()}`;
  const op = operations.find((o) => o.resourceKey.endsWith(clusterKey) && o.method === "PUT");
  assert.ok(op, `no cluster operation of ${r.cluster.name}`);
  return { wallMs, clusterOpMs: op.dueAtMs - op.startedAtMs };
}
