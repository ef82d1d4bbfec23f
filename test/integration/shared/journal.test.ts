import assert from "node:assert/strict";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { isJournalClosedError, Journal } from "../../../sandbox/shared/journal.js";
import { waitFor } from "../../helpers/waitFor.js";

/** Records as a journal's user would shape them: absolute values, so replaying one twice is harmless. */
type TestRecord = { k: "del"; q: string; seq: number } | { k: "next"; seq: number };

const del = (seq: number): TestRecord => ({ k: "del", q: "q", seq });
const open = (dir: string, options?: Parameters<typeof Journal.open>[1]) => Journal.open<TestRecord>(dir, options);
const durable = (j: Journal<TestRecord>) => new Promise<void>((resolve) => j.whenDurable(resolve));

describe("Journal", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "shared-journal-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a group of records before running the durable callbacks, and replays them in order", async () => {
    const { journal } = open(dir);
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
    assert.deepEqual(open(dir).records, [del(1), del(2)]);
  });

  it("drops a torn last line from a crash mid-write and keeps records appended after the restart", async () => {
    const first = open(dir);
    first.journal.append(del(1));
    await durable(first.journal);
    first.journal.close();
    appendFileSync(join(dir, "journal-0.jsonl"), '{"k":"del","q":"q","se');
    const second = open(dir);
    assert.deepEqual(second.records, [del(1)]);
    second.journal.append(del(2));
    await durable(second.journal);
    second.journal.close();
    assert.deepEqual(open(dir).records, [del(1), del(2)]);
  });

  it("compacts into a snapshot, starts a new log generation and removes the old one", async () => {
    const { journal } = open(dir, { compactAfterBytes: 200 });
    journal.setSnapshotSource(() => [{ k: "next", seq: 42 }]);
    for (let i = 0; i < 10; i++) journal.append(del(i));
    await durable(journal);
    journal.append(del(99));
    await durable(journal);
    journal.close();
    const files = readdirSync(dir).sort();
    assert.ok(files.includes("snapshot.jsonl"));
    assert.ok(!files.includes("journal-0.jsonl"));
    assert.deepEqual(open(dir).records, [{ k: "next", seq: 42 }, del(99)]);
  });

  it("waits for a log twice the last snapshot before compacting again (no rewrite of a big state every few bytes)", async () => {
    const { journal } = open(dir, { compactAfterBytes: 200 });
    const state = Array.from({ length: 40 }, (_, seq): TestRecord => ({ k: "next", seq }));
    journal.setSnapshotSource(() => state);
    const logs = () => readdirSync(dir).filter((f) => f.startsWith("journal-"));
    const appendBytes = async (n: number) => {
      for (let written = 0; written < n; written += JSON.stringify(del(1)).length + 1) journal.append(del(1));
      await durable(journal);
    };
    await appendBytes(250);
    assert.deepEqual(logs(), ["journal-1.jsonl"], "the first compaction, past compactAfterBytes");
    const snapshotBytes = readFileSync(join(dir, "snapshot.jsonl")).length;
    assert.ok(snapshotBytes > 600, `the snapshot is ${snapshotBytes} bytes`);
    await appendBytes(snapshotBytes);
    assert.deepEqual(logs(), ["journal-1.jsonl"], "a log one snapshot long is not compacted");
    await appendBytes(snapshotBytes + 50);
    assert.deepEqual(logs(), ["journal-2.jsonl"], "past twice the snapshot it is");
    journal.close();
  });

  it("with a cut, compacts in slices while the log goes on: the snapshot is the cut's moment, later records follow", async () => {
    const { journal } = open(dir, { compactAfterBytes: 200 });
    // A state of about 3 MiB (3 slices or more), which moves on after its cut is taken.
    let state: TestRecord[] = Array.from({ length: 60_000 }, (_, seq): TestRecord => ({ k: "next", seq }));
    // The cut is taken once, at the compaction's start: a second call would list the emptied state.
    journal.setSnapshotSource(
      () => {
        const now = state;
        state = [];
        return now;
      },
      { cut: true },
    );
    for (let i = 0; i < 10; i++) journal.append(del(i));
    await durable(journal); // past 200 bytes: the cut is taken, the log moves to generation 1, no slice written yet
    assert.ok(existsSync(join(dir, "journal-1.jsonl")), "the next log is open at once");
    journal.commit(del(100)); // written to the new log while the snapshot is still being written
    const crashed = mkdtempSync(join(tmpdir(), "shared-journal-crash-"));
    cpSync(dir, crashed, { recursive: true }); // the files a SIGKILL would leave now
    // The old log is removed once the snapshot is in place.
    await waitFor(() => !existsSync(join(dir, "journal-0.jsonl")) || undefined, { timeoutMs: 20_000, intervalMs: 10 });
    journal.close();
    const reopened = open(dir).records;
    assert.equal(reopened.length, 60_001);
    assert.deepEqual(reopened.at(-1), del(100), "the record after the cut replays after the snapshot");
    const replayedAfterCrash = open(crashed).records;
    assert.deepEqual(
      replayedAfterCrash,
      [...Array.from({ length: 10 }, (_, i) => del(i)), del(100)],
      "a crash mid-snapshot replays the old log, then the new one",
    );
    rmSync(crashed, { recursive: true, force: true });
  });

  it("closed while a slice is being written: replays the logs, and no temporary snapshot is left", async () => {
    const { journal } = open(dir, { compactAfterBytes: 200 });
    const state: TestRecord[] = Array.from({ length: 60_000 }, (_, seq): TestRecord => ({ k: "next", seq }));
    journal.setSnapshotSource(() => state.slice(), { cut: true });
    for (let i = 0; i < 10; i++) journal.append(del(i));
    await durable(journal); // the compaction starts; its first slice goes out on a later turn
    await new Promise((resolve) => setImmediate(resolve));
    const crashed = mkdtempSync(join(tmpdir(), "shared-journal-crash-"));
    cpSync(dir, crashed, { recursive: true }); // a SIGKILL now leaves a temporary snapshot behind
    assert.ok(
      readdirSync(crashed).some((name) => name.startsWith("snapshot.jsonl.tmp-")),
      "the crash left the compaction's temporary file behind",
    );
    journal.close(); // cancels the compaction: the write in flight lands, then its file goes
    const tmpLeft = () => readdirSync(dir).some((name) => name.includes(".tmp"));
    await waitFor(() => !tmpLeft() || undefined, { timeoutMs: 5_000, intervalMs: 5 });
    const before = Array.from({ length: 10 }, (_, i) => del(i));
    assert.deepEqual(open(dir).records, before, "the old log replays, the new one is empty");
    assert.deepEqual(open(crashed).records, before, "so it does after a crash mid-write");
    assert.ok(!readdirSync(crashed).some((name) => name.includes(".tmp")), "a reopen removes the leftover");
    rmSync(crashed, { recursive: true, force: true });
  });

  it("leaves records still pending at a compaction to the snapshot (a reset does not bring them back)", async () => {
    const { journal } = open(dir);
    journal.setSnapshotSource(() => []);
    journal.append(del(1));
    journal.compact(); // the state was cleared in the same turn: the snapshot is empty
    await durable(journal);
    journal.close();
    assert.deepEqual(open(dir).records, []);
  });

  it("commits a record to the file before returning, without waiting for the event loop", () => {
    const { journal } = open(dir, { fsync: "never" });
    journal.append(del(1));
    journal.commit(del(2));
    assert.equal(
      readFileSync(join(dir, "journal-0.jsonl"), "utf8"),
      `${JSON.stringify(del(1))}\n${JSON.stringify(del(2))}\n`,
    );
    // A crash now (no close) loses nothing: a second opener sees both.
    assert.deepEqual(open(dir).records, [del(1), del(2)]);
    journal.close();
  });

  it("refuses appends, commits and compactions once closed", () => {
    const { journal } = open(dir);
    journal.close();
    assert.throws(() => journal.append(del(1)), isJournalClosedError);
    assert.throws(() => journal.commit(del(1)), isJournalClosedError);
    assert.throws(() => journal.compact(), isJournalClosedError);
  });
});
