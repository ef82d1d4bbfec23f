import type { JournalRecord } from "./journalRecord.js";

/** The journal's interface, as the broker store uses it. */
export interface RecordLog {
  append(record: JournalRecord): void;
  whenDurable(callback: () => void): void;
  setSnapshotSource(source: () => Iterable<JournalRecord>): void;
  compact(): void;
  close(): void;
}

/** A journal that keeps nothing: for brokers started without a state directory. */
export class MemoryJournal implements RecordLog {
  append(): void {}
  whenDurable(callback: () => void): void {
    setImmediate(callback);
  }
  setSnapshotSource(): void {}
  compact(): void {}
  close(): void {}
}
