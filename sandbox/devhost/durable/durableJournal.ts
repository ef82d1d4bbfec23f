import { type FsyncPolicy, Journal, MemoryJournal, type RecordJournal } from "../../shared/journal.js";
import { leanLine } from "./inputLines.js";
import type { StateStore } from "./stateStore.js";
import type { Mutation } from "./types.js";

/** One journal line: mutations applied atomically. */
export interface DurableRecord {
  m: Mutation[];
}

/** Options of the durable journal; all optional. */
export interface DurableJournalOptions {
  /** Directory for `journal-<n>.jsonl` and `snapshot.jsonl`; undefined keeps state in memory only. */
  dir?: string;
  /** Compact (snapshot + fresh log) once the log passes this many bytes. Defaults to 16 MiB. */
  compactAfterBytes?: number;
  /** `always` fsyncs every record (survives power loss, not only a killed process). Defaults to "never". */
  fsync?: FsyncPolicy;
}

/**
 * The task hub's state on the sandbox journal (`shared/journal.ts`): each `commit` applies its mutations to
 * the store, then writes them as one line before returning, so a SIGKILL leaves whole records or a torn last
 * line, which recovery drops. Applying first matters: a commit may compact, and the snapshot lists the store.
 */
export class DurableJournal {
  private journal: RecordJournal<DurableRecord> = new MemoryJournal();
  private closed = false;

  constructor(
    private readonly store: StateStore,
    private readonly options: DurableJournalOptions = {},
  ) {}

  /** Loads snapshot and log into the store and opens the log for appending. */
  open(): void {
    const { dir } = this.options;
    if (dir) {
      const { journal, records } = Journal.open<DurableRecord>(dir, {
        fsync: this.options.fsync ?? "never",
        compactAfterBytes: this.options.compactAfterBytes ?? 16 * 1024 * 1024,
      });
      for (const record of records) for (const m of record.m) this.store.apply(m);
      this.journal = journal;
    }
    // The store's snapshot is a cut: the log's growth compacts in slices, not in one stall of the event loop.
    this.journal.setSnapshotSource(() => this.store.snapshot(), { cut: true });
  }

  /** Applies and persists `mutations` atomically. */
  commit(mutations: Mutation[]): void {
    if (mutations.length === 0) return;
    const record = mutations.map((m) => {
      const line = leanLine(this.store.instances, m);
      this.store.apply(m);
      return line;
    });
    this.journal.commit({ m: record });
  }

  /** Rewrites the snapshot from the store and starts a fresh log (a no-op once closed). */
  compact(): void {
    if (!this.closed) this.journal.compact();
  }

  /** Compacts (so the next start replays the state, not its history) and closes the log. */
  close(): void {
    if (this.closed) return;
    this.journal.compact();
    this.journal.close();
    this.closed = true;
  }
}
