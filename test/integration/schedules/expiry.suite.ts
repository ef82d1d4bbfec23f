import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expiryInstanceId } from "../../../src/request/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { provisioned } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { ended, instance, NEVER, runTimer, secondsFromNow } from "./scheduleHelpers.js";

// A TTL notice of an hour, so an expiry starts at once; the timer runs only when the test runs it.
const settings = { SCHEDULE_TIMER: NEVER, SCHEDULE_GRACE_MINUTES: "0.1", TTL_NOTICE_HOURS: "1" };

/**
 * Registered by schedules.test.ts, which runs the suites side by side. Its two tests run one after the other: a
 * suite's tests inherit the parent's `concurrency: true`, and a timer run of the first would start the second's
 * expiry while its cluster is still provisioned (TTL_NOTICE_HOURS covers its whole hour).
 */
export const suite = () =>
  describe("TTL: the expiry of a cluster", { concurrency: false }, () => {
    let p: Provisioner;
    before(async () => {
      p = await Provisioner.start({ settings });
    });
    after(() => p.stop());

    it("an expired cluster is deprovisioned once, cluster.expiring first", async () => {
      const request = aRequest("ttl");
      (request as Record<string, unknown>).ttlHours = 1;
      await provisioned(p, request);
      const row = await waitFor(() => p.registry().read(request.requestId), {
        timeoutMs: 10_000,
        message: "the registry row",
      });
      assert.ok(row.expiresAt, "the row carries expiresAt");
      // The TTL passes in a few seconds instead of an hour: the row is the timer's source of truth.
      const expiresAt = secondsFromNow(8_000).toISOString();
      await p.registry().update(request.requestId, (before) => (before ? { ...before, expiresAt } : undefined));
      await p.arm.control.clearCalls();

      await runTimer(p);
      await runTimer(p);
      const output = await ended(p, expiryInstanceId(request.requestId), 90_000);
      assert.equal(output.state, "deprovisioned", JSON.stringify(output));
      await runTimer(p); // ended: never started again

      const types = p.eventsOf(request.requestId).map((e) => e.type);
      await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.deleted"), {
        timeoutMs: 10_000,
        message: "cluster.deleted",
      });
      const seen = p.eventsOf(request.requestId).map((e) => e.type);
      assert.equal(seen.filter((t) => t === "cluster.expiring").length, 1, `one cluster.expiring: ${types}`);
      assert.equal(seen.filter((t) => t === "cluster.deleted").length, 1, "one cluster.deleted");
      assert.ok(seen.indexOf("cluster.expiring") < seen.indexOf("cluster.deleted"), "expiring before deleted");
      const expiring = p.eventsOf(request.requestId).find((e) => e.type === "cluster.expiring");
      assert.deepEqual(expiring?.data, { expiresAt, ttlHours: 1 });
      const { value } = await p.arm.control.calls();
      const clusterPath = `/managedclusters/${request.cluster.name.toLowerCase()}`;
      const deletes = value.filter((c) => c.method === "DELETE" && c.path.toLowerCase().endsWith(clusterPath));
      assert.equal(deletes.length, 1, "one DELETE of the cluster");
      assert.ok(
        deletes.every((d) => d.atMs >= Date.parse(expiresAt)),
        "nothing deleted before expiresAt",
      );
      const gone = await waitFor(
        async () => ((await p.registry().read(request.requestId))?.state === "deleted" ? 1 : 0),
        {
          timeoutMs: 10_000,
          message: "the row says deleted",
        },
      );
      assert.equal(gone, 1);
    });

    it("a cluster deleted before its TTL ends gets no expiry", async () => {
      const request = aRequest("ttlgone");
      (request as Record<string, unknown>).ttlHours = 1;
      await provisioned(p, request);
      const res = await p.api("DELETE", `clusters/${request.requestId}`);
      assert.equal(res.status, 202, await res.clone().text());
      await waitFor(async () => (await p.registry().read(request.requestId))?.state === "deleted", {
        timeoutMs: 60_000,
        message: "the row says deleted",
      });
      await runTimer(p);
      assert.equal(await instance(p, expiryInstanceId(request.requestId)), undefined, "no expiry started");
      assert.ok(!p.eventsOf(request.requestId).some((e) => e.type === "cluster.expiring"));
    });
  });
