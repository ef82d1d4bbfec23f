import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type EventLog, logEvent } from "../../../src/request/eventLog.js";

describe("a run's event log (the status's events)", () => {
  it("keeps events in order, the newest `limit`, and counts what it dropped", () => {
    const log: EventLog = {};
    for (let i = 1; i <= 7; i++)
      logEvent(log, { type: "cluster.provisioning.progress", time: `t${i}`, sequence: i }, 5);
    assert.deepEqual(
      log.events?.map((e) => e.sequence),
      [3, 4, 5, 6, 7],
    );
    assert.equal(log.eventsDropped, 2);
  });

  it("says nothing was dropped while under the limit", () => {
    const log: EventLog = {};
    logEvent(log, { type: "cluster.provisioned", time: "t" });
    assert.equal(log.events?.length, 1);
    assert.equal(log.eventsDropped, undefined);
  });
});
