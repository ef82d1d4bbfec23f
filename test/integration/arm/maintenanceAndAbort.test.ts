import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { MaintenanceConfiguration } from "@azure/arm-containerservice";
import { isRestError } from "@azure/core-rest-pipeline";
import { fastPoll, uniqueName, useSandbox } from "./fixtures.js";

describe("sandbox/arm AKS maintenance configurations and abort via @azure/arm-containerservice", () => {
  const arm = useSandbox();
  afterEach(async () => {
    await arm.sandbox.control.clock({ reset: true });
    await arm.sandbox.control.settings({ profile: "instant" });
  });
  const configs = () => arm.clients.containerService.maintenanceConfigurations;
  const weekly = (durationHours: number): MaintenanceConfiguration => ({
    maintenanceWindow: {
      schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Sunday" } },
      durationHours,
      utcOffset: "+01:00",
      startTime: "02:00",
    },
  });

  it("puts, gets, lists and deletes the three named configurations synchronously", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    const auto = await configs().createOrUpdate(arm.rg, name, "aksManagedAutoUpgradeSchedule", weekly(4));
    assert.equal(auto.name, "aksManagedAutoUpgradeSchedule");
    assert.equal(auto.type, "Microsoft.ContainerService/managedClusters/maintenanceConfigurations");
    assert.match(
      auto.id ?? "",
      new RegExp(`/managedClusters/${name}/maintenanceConfigurations/aksManagedAutoUpgradeSchedule$`),
    );
    assert.equal(auto.maintenanceWindow?.schedule.weekly?.dayOfWeek, "Sunday");
    await configs().createOrUpdate(arm.rg, name, "aksManagedNodeOSUpgradeSchedule", {
      maintenanceWindow: { schedule: { daily: { intervalDays: 1 } }, durationHours: 6, startTime: "00:00" },
    });
    await configs().createOrUpdate(arm.rg, name, "default", {
      timeInWeek: [{ day: "Saturday", hourSlots: [1, 2] }],
      notAllowedTime: [{ start: new Date("2026-12-24T00:00:00Z"), end: new Date("2026-12-26T00:00:00Z") }],
    });
    const got = await configs().get(arm.rg, name, "default");
    assert.deepEqual(got.timeInWeek, [{ day: "Saturday", hourSlots: [1, 2] }]);
    const names: string[] = [];
    for await (const c of configs().listByManagedCluster(arm.rg, name)) names.push(c.name ?? "");
    assert.deepEqual(names.sort(), ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule", "default"]);
    await configs().delete(arm.rg, name, "default");
    await configs().delete(arm.rg, name, "default");
    await assert.rejects(configs().get(arm.rg, name, "default"), (e) => isRestError(e) && e.statusCode === 404);
  });

  it("round-trips an absolute-monthly window with a start date, UTC offset and not-allowed dates through the SDK", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    const window = {
      schedule: { absoluteMonthly: { intervalMonths: 1, dayOfMonth: 15 } },
      durationHours: 8,
      startTime: "22:00",
      utcOffset: "-05:00",
      startDate: new Date("2026-01-01"),
      notAllowedDates: [{ start: new Date("2026-12-20"), end: new Date("2027-01-02") }],
    };
    await configs().createOrUpdate(arm.rg, name, "aksManagedNodeOSUpgradeSchedule", { maintenanceWindow: window });
    const got = await configs().get(arm.rg, name, "aksManagedNodeOSUpgradeSchedule");
    assert.deepEqual(got.maintenanceWindow?.schedule.absoluteMonthly, { intervalMonths: 1, dayOfMonth: 15 });
    assert.equal(got.maintenanceWindow?.utcOffset, "-05:00");
    assert.equal(got.maintenanceWindow?.startDate?.toISOString().slice(0, 10), "2026-01-01");
    assert.deepEqual(
      got.maintenanceWindow?.notAllowedDates?.map((d) => [d.start.toISOString(), d.end.toISOString()]),
      [["2026-12-20T00:00:00.000Z", "2027-01-02T00:00:00.000Z"]],
    );
  });

  // One row per rule: the configuration, its properties, and what AKS says.
  const invalid: { rule: string; config: string; body: MaintenanceConfiguration; target: RegExp }[] = [
    {
      rule: "a window shorter than 4 hours",
      config: "aksManagedAutoUpgradeSchedule",
      body: weekly(3),
      target: /durationHours/,
    },
    {
      rule: "a daily schedule for the auto-upgrade schedule",
      config: "aksManagedAutoUpgradeSchedule",
      body: { maintenanceWindow: { schedule: { daily: { intervalDays: 1 } }, durationHours: 4, startTime: "01:00" } },
      target: /daily schedule is not allowed/,
    },
    {
      rule: "two schedule kinds at once",
      config: "aksManagedNodeOSUpgradeSchedule",
      body: {
        maintenanceWindow: {
          schedule: {
            weekly: { intervalWeeks: 1, dayOfWeek: "Monday" },
            absoluteMonthly: { intervalMonths: 1, dayOfMonth: 1 },
          },
          durationHours: 4,
          startTime: "01:00",
        },
      },
      target: /exactly one of/,
    },
    {
      rule: "a relativeMonthly week index AKS does not know",
      config: "aksManagedNodeOSUpgradeSchedule",
      body: {
        maintenanceWindow: {
          schedule: { relativeMonthly: { intervalMonths: 1, weekIndex: "Fifth", dayOfWeek: "Monday" } },
          durationHours: 4,
          startTime: "01:00",
        },
      },
      target: /weekIndex/,
    },
    { rule: "a name AKS does not know", config: "weekends", body: weekly(4), target: /configName/ },
    {
      rule: "a not-allowed span that ends before it starts",
      config: "aksManagedAutoUpgradeSchedule",
      body: {
        maintenanceWindow: {
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Sunday" } },
          durationHours: 4,
          startTime: "02:00",
          notAllowedDates: [{ start: new Date("2026-12-26"), end: new Date("2026-12-24") }],
        },
      },
      target: /notAllowedDates\[0\]/,
    },
    {
      rule: "a UTC offset that is not ±HH:mm",
      config: "aksManagedNodeOSUpgradeSchedule",
      body: {
        maintenanceWindow: {
          schedule: { weekly: { intervalWeeks: 1, dayOfWeek: "Sunday" } },
          durationHours: 4,
          startTime: "02:00",
          utcOffset: "UTC+1",
        },
      },
      target: /utcOffset/,
    },
  ];
  for (const { rule, config, body, target } of invalid) {
    it(`refuses ${rule} with 400 InvalidParameter`, async () => {
      const name = uniqueName("c");
      await arm.createCluster(name);
      await assert.rejects(configs().createOrUpdate(arm.rg, name, config, body), (e) => {
        assert.ok(isRestError(e));
        assert.equal(e.statusCode, 400);
        assert.equal(e.code, "InvalidParameter");
        assert.match(e.message, target);
        return true;
      });
    });
  }

  it("aborts a running cluster create: its poller rejects as canceled, the cluster ends Canceled", async () => {
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    const name = uniqueName("c");
    const create = arm.createCluster(name);
    await create.submitted();
    const abort = arm.clients.containerService.managedClusters.abortLatestOperation(arm.rg, name, fastPoll);
    await abort.submitted();
    await assert.rejects(create.pollUntilDone(), /canceled/i);
    assert.equal((await arm.clients.containerService.managedClusters.get(arm.rg, name)).provisioningState, "Canceling");
    await arm.sandbox.control.clock({ advanceMs: 60_000 });
    await abort;
    const mc = await arm.clients.containerService.managedClusters.get(arm.rg, name);
    assert.equal(mc.provisioningState, "Canceled");
    assert.equal(mc.agentPoolProfiles?.[0]?.provisioningState, "Canceled");
    // Canceled is terminal: the cluster takes writes again, and a re-PUT finishes the job.
    const again = arm.createCluster(name);
    await again.submitted();
    await arm.sandbox.control.clock({ advanceMs: 60_000 });
    assert.equal((await again).provisioningState, "Succeeded");
  });

  it("aborts a running pool scale, and answers 409 when nothing runs", async () => {
    const name = uniqueName("c");
    await arm.createCluster(name);
    await arm.putPool(name, "user");
    await assert.rejects(
      arm.clients.containerService.agentPools.abortLatestOperation(arm.rg, name, "user", fastPoll),
      (e) => isRestError(e) && e.statusCode === 409,
    );
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    const scale = arm.putPool(name, "user", { count: 3 });
    await scale.submitted();
    const abort = arm.clients.containerService.agentPools.abortLatestOperation(arm.rg, name, "user", fastPoll);
    await abort.submitted();
    await assert.rejects(scale.pollUntilDone(), /canceled/i);
    await arm.sandbox.control.clock({ advanceMs: 60_000 });
    await abort;
    const pool = await arm.clients.containerService.agentPools.get(arm.rg, name, "user");
    assert.equal(pool.provisioningState, "Canceled");
    assert.equal(
      (await arm.clients.containerService.managedClusters.get(arm.rg, name)).provisioningState,
      "Succeeded",
      "a pool abort leaves the cluster alone",
    );
  });
});
