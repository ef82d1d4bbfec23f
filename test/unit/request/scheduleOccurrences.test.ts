import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ScaleSchedule } from "../../../src/request/index.js";
import { occurrencesBetween } from "../../../src/request/scheduleOccurrences.js";
import {
  expiryDue,
  planScheduleRun,
  type ScheduledCluster,
  scheduleInstanceId,
} from "../../../src/request/schedulePlan.js";

const BERLIN = "Europe/Berlin";

function iso(expr: string, zone: string, from: string, to: string): string[] {
  return occurrencesBetween(expr, zone, new Date(from), new Date(to)).instants.map((d) => d.toISOString());
}

describe("occurrencesBetween", () => {
  it("reads the expression in the zone on a normal day (CET, UTC+1)", () => {
    assert.deepEqual(iso("0 0 20 * * 1-5", BERLIN, "2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z"), [
      "2026-01-05T19:00:00.000Z",
      "2026-01-06T19:00:00.000Z",
    ]);
  });

  it("reads UTC as UTC, the window's start exclusive and its end inclusive", () => {
    assert.deepEqual(iso("0 0 */6 * * *", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z"), [
      "2026-01-01T06:00:00.000Z",
      "2026-01-01T12:00:00.000Z",
    ]);
  });

  it("spring forward (29 Mar 2026, 02:00 → 03:00): a 02:30 in the skipped hour happens once, at 03:00 local", () => {
    assert.deepEqual(iso("0 30 2 * * *", BERLIN, "2026-03-27T12:00:00Z", "2026-03-30T12:00:00Z"), [
      "2026-03-28T01:30:00.000Z", // 02:30 CET
      "2026-03-29T01:00:00.000Z", // 03:00 CEST: the first instant after the gap
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
    ]);
  });

  it("fall back (25 Oct 2026, 03:00 → 02:00): a 02:30 in the repeated hour happens once, on its first pass", () => {
    assert.deepEqual(iso("0 30 2 * * *", BERLIN, "2026-10-23T12:00:00Z", "2026-10-26T12:00:00Z"), [
      "2026-10-24T00:30:00.000Z", // 02:30 CEST
      "2026-10-25T00:30:00.000Z", // 02:30 CEST, not again at 02:30 CET (01:30Z)
      "2026-10-26T01:30:00.000Z", // 02:30 CET
    ]);
  });

  it("every 15 minutes across both changes: every 15 real minutes, no instant twice, none missing", () => {
    for (const [from, to] of [
      ["2026-03-28T23:00:00Z", "2026-03-29T03:00:00Z"],
      ["2026-10-24T22:00:00Z", "2026-10-25T03:00:00Z"],
    ] as const) {
      const got = iso("0 */15 * * * *", BERLIN, from, to).map((t) => Date.parse(t));
      const expected: number[] = [];
      for (let t = Date.parse(from) + 900_000; t <= Date.parse(to); t += 900_000) expected.push(t);
      assert.deepEqual(got, expected, `${from}..${to}`);
    }
  });

  it("a fixed-hour schedule in the skipped hour is one instant however many times fall in the gap", () => {
    assert.deepEqual(iso("0 */15 2 * * *", BERLIN, "2026-03-28T23:00:00Z", "2026-03-29T03:00:00Z"), [
      "2026-03-29T01:00:00.000Z",
    ]);
  });

  it("is bounded: a month of every minute yields the cap and says it cut the list", () => {
    const got = occurrencesBetween("0 * * * * *", BERLIN, new Date("2026-01-01Z"), new Date("2026-02-01Z"), 500);
    assert.equal(got.instants.length, 500);
    assert.equal(got.truncated, true);
    assert.equal(got.instants[0]?.toISOString(), "2026-01-01T00:01:00.000Z");
  });

  it("property: occurrences are strictly increasing, unique and inside the window, in any zone", () => {
    const zones = ["UTC", BERLIN, "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];
    const expr = fc
      .tuple(
        fc.constantFrom("0", "30", "*/20"),
        fc.constantFrom("0", "15", "*/10", "30"),
        fc.constantFrom("*", "2", "1-3", "*/3", "0,12"),
      )
      .map(([s, m, h]) => `${s} ${m} ${h} * * *`);
    const start = Date.parse("2026-01-01T00:00:00Z");
    fc.assert(
      fc.property(expr, fc.constantFrom(...zones), fc.integer({ min: 0, max: 364 * 24 }), (e, zone, hours) => {
        const from = new Date(start + hours * 3_600_000);
        const to = new Date(from.getTime() + 3 * 86_400_000);
        const { instants } = occurrencesBetween(e, zone, from, to);
        for (let i = 0; i < instants.length; i++) {
          const t = instants[i]?.getTime() ?? 0;
          assert.ok(t > from.getTime() && t <= to.getTime());
          if (i > 0) assert.ok(t > (instants[i - 1]?.getTime() ?? 0));
        }
        assert.ok(instants.length > 0, "every expression here fires at least daily");
      }),
      { numRuns: 100 },
    );
  });

  it("property: splitting a window in two yields the same occurrences as the whole", () => {
    const start = Date.parse("2026-03-27T00:00:00Z");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * 24 * 60 }), (cutMinutes) => {
        const from = new Date(start);
        const to = new Date(start + 3 * 86_400_000);
        const cut = new Date(start + cutMinutes * 60_000);
        const whole = occurrencesBetween("0 */15 * * * *", BERLIN, from, to).instants;
        const halves = [
          ...occurrencesBetween("0 */15 * * * *", BERLIN, from, cut).instants,
          ...occurrencesBetween("0 */15 * * * *", BERLIN, cut, to).instants,
        ];
        assert.deepEqual(halves, whole);
      }),
      { numRuns: 25 },
    );
  });
});

const nightly: ScaleSchedule = {
  name: "night-down",
  schedule: "0 0 20 * * *",
  timeZone: "UTC",
  action: { kind: "scale", pools: { user: 0 } },
};
const cluster = (over: Partial<ScheduledCluster> = {}): ScheduledCluster => ({
  requestId: "CHG-1",
  state: "provisioned",
  schedules: [nightly],
  provisionedAt: "2026-01-01T00:00:00Z",
  ...over,
});
const at = (text: string) => new Date(text);

describe("planScheduleRun", () => {
  it("applies an occurrence inside the grace, under one instance id per (cluster, schedule, occurrence)", () => {
    const run = { lastRunAt: at("2026-01-05T19:55:00Z"), now: at("2026-01-05T20:05:00Z"), graceMinutes: 30 };
    assert.deepEqual(planScheduleRun(cluster(), run), [
      {
        kind: "apply",
        scheduleName: "night-down",
        occurrence: "2026-01-05T20:00:00.000Z",
        action: nightly.action,
        instanceId: "sched-CHG-1-night-down-20260105T200000Z",
      },
    ]);
    // A later run still inside the grace names the same instance: starting it again is a no-op.
    const again = planScheduleRun(cluster(), { ...run, lastRunAt: run.now, now: at("2026-01-05T20:10:00Z") });
    assert.deepEqual(
      again.map((a) => a.kind === "apply" && a.instanceId),
      ["sched-CHG-1-night-down-20260105T200000Z"],
    );
  });

  it("skips what the host missed beyond the grace, coalesced into one action with a count", () => {
    const run = { lastRunAt: at("2026-01-01T12:00:00Z"), now: at("2026-01-05T20:10:00Z"), graceMinutes: 30 };
    const actions = planScheduleRun(cluster(), run);
    assert.deepEqual(actions, [
      {
        kind: "skip",
        scheduleName: "night-down",
        action: "scale",
        count: 4,
        truncated: false,
        first: "2026-01-01T20:00:00.000Z",
        last: "2026-01-04T20:00:00.000Z",
        sequence: "skipped/night-down/20260101T200000Z",
      },
      {
        kind: "apply",
        scheduleName: "night-down",
        occurrence: "2026-01-05T20:00:00.000Z",
        action: nightly.action,
        instanceId: "sched-CHG-1-night-down-20260105T200000Z",
      },
    ]);
  });

  it("never skips what the last run could have applied (inside its grace), only what came after it", () => {
    // The last run at 20:05 applied 20:00; the next comes two hours late: 20:00 is not reported as skipped.
    const run = { lastRunAt: at("2026-01-05T20:05:00Z"), now: at("2026-01-05T22:05:00Z"), graceMinutes: 30 };
    assert.deepEqual(planScheduleRun(cluster(), run), []);
  });

  it("the first run ever looks back one grace and skips nothing", () => {
    const run = { now: at("2026-01-05T20:10:00Z"), graceMinutes: 30 };
    assert.deepEqual(
      planScheduleRun(cluster(), run).map((a) => a.kind),
      ["apply"],
    );
  });

  it("nothing before the cluster was provisioned, nothing for a cluster not running or stopped", () => {
    const run = { lastRunAt: at("2026-01-01T12:00:00Z"), now: at("2026-01-05T20:10:00Z"), graceMinutes: 30 };
    assert.deepEqual(planScheduleRun(cluster({ provisionedAt: "2026-01-05T20:01:00Z" }), run), []);
    for (const state of ["provisioning", "failed", "deleting", "deleted"])
      assert.deepEqual(planScheduleRun(cluster({ state }), run), [], state);
    assert.deepEqual(planScheduleRun(cluster({ provisionedAt: undefined }), run), []);
  });

  it("unnamed schedules get a stable key from their position and content", () => {
    const unnamed = { ...nightly, name: undefined };
    const run = { now: at("2026-01-05T20:10:00Z"), graceMinutes: 30 };
    const [a] = planScheduleRun(cluster({ schedules: [unnamed] }), run);
    const [b] = planScheduleRun(cluster({ schedules: [unnamed] }), run);
    assert.ok(a?.kind === "apply" && b?.kind === "apply");
    assert.match(a.instanceId, /^sched-CHG-1-0-[0-9a-f]{8}-20260105T200000Z$/);
    assert.equal(a.instanceId, b.instanceId);
  });

  it("instance ids stay within Durable's 100 characters", () => {
    const id = scheduleInstanceId("R".repeat(64), "s".repeat(63), at("2026-10-25T00:30:00Z"));
    assert.ok(id.length <= 100, `${id.length}`);
    assert.match(id, /^sched-R{64}-[0-9a-f]{8}-20261025T003000Z$/);
  });
});

describe("expiryDue", () => {
  it("from the notice lead before expiresAt, for a cluster that still exists", () => {
    const c = cluster({ expiresAt: "2026-01-05T12:00:00Z" });
    assert.equal(expiryDue(c, at("2026-01-05T09:59:00Z"), 2), false);
    assert.equal(expiryDue(c, at("2026-01-05T10:00:00Z"), 2), true);
    assert.equal(expiryDue({ ...c, state: "deleted" }, at("2026-01-06T00:00:00Z"), 2), false);
    assert.equal(expiryDue(cluster(), at("2030-01-01T00:00:00Z"), 2), false);
  });
});
