import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Journal } from "../../../sandbox/servicebus/store/journal.js";
import type { JournalRecord } from "../../../sandbox/servicebus/store/journalRecord.js";

const del = (seq: number): JournalRecord => ({ k: "del", q: "q", seq });
const durable = (j: Journal) => new Promise<void>((resolve) => j.whenDurable(resolve));

describe("Journal", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sb-journal-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a group of records before running the durable callbacks, and replays them in order", async () => {
    const { journal } = Journal.open(dir);
    journal.append(del(1));
    journal.append(del(2));
    let done = false;
    journal.whenDurable(() => {
      done = true;
    });
    assert.equal(done, false, "acknowledged before the write");
    await durable(journal);
    assert.equal(done, true);
    assert.equal(readFileSync(join(dir, "journal-0.jsonl"), "utf8").trim().split("\n").length, 2);
    journal.close();
    assert.deepEqual(Journal.open(dir).records, [del(1), del(2)]);
  });

  it("drops a torn last line from a crash mid-write and keeps records appended after the restart", async () => {
    const first = Journal.open(dir);
    first.journal.append(del(1));
    await durable(first.journal);
    first.journal.close();
    appendFileSync(join(dir, "journal-0.jsonl"), '{"k":"del","q":"q","se');
    const second = Journal.open(dir);
    assert.deepEqual(second.records, [del(1)]);
    second.journal.append(del(2));
    await durable(second.journal);
    second.journal.close();
    assert.deepEqual(Journal.open(dir).records, [del(1), del(2)]);
  });

  it("compacts into a snapshot, starts a new log generation and removes the old one", async () => {
    const { journal } = Journal.open(dir, { compactAfterBytes: 200 });
    journal.setSnapshotSource(() => [{ k: "next", seq: 42 }]);
    for (let i = 0; i < 10; i++) journal.append(del(i));
    await durable(journal);
    journal.append(del(99));
    await durable(journal);
    journal.close();
    const files = readdirSync(dir).sort();
    assert.ok(files.includes("snapshot.jsonl"));
    assert.ok(!files.includes("journal-0.jsonl"));
    assert.deepEqual(Journal.open(dir).records, [{ k: "next", seq: 42 }, del(99)]);
  });
});
