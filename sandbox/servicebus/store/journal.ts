import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { JournalRecord } from "./journalRecord.js";

/** When appended records reach the disk: `always` fsyncs each group commit; `never` leaves it to the OS. */
export type FsyncPolicy = "always" | "never";

/** Options of the journal. */
export interface JournalOptions {
  /** Defaults to "always". Either way a record is written before it is acknowledged, so SIGKILL loses nothing. */
  fsync?: FsyncPolicy;
  /** Rewrite the snapshot once the log grows past this many bytes. Defaults to 64 MiB. */
  compactAfterBytes?: number;
}

const SNAPSHOT = "snapshot.jsonl";

/**
 * Append-only log with group commit plus a snapshot: records appended in one event-loop turn are
 * written (and fsynced) together, then their callbacks run — a send or settlement is acknowledged
 * only from such a callback.
 */
export class Journal {
  private fd: number;
  private pending: string[] = [];
  private callbacks: (() => void)[] = [];
  private scheduled = false;
  private logBytes: number;
  private closed = false;
  private readonly fsync: FsyncPolicy;
  private readonly compactAfterBytes: number;

  private constructor(
    private readonly dir: string,
    private generation: number,
    options: JournalOptions,
    /** Produces the records that rebuild the current state (for compaction). */
    private snapshotSource: () => Iterable<JournalRecord> = () => [],
  ) {
    this.fsync = options.fsync ?? "always";
    this.compactAfterBytes = options.compactAfterBytes ?? 64 * 1024 * 1024;
    const path = this.logPath(generation);
    this.fd = openSync(path, "a");
    this.logBytes = statSync(path).size;
  }

  /** Opens the journal in `dir`, returning it and every record to replay (snapshot, then log). */
  static open(dir: string, options: JournalOptions = {}): { journal: Journal; records: JournalRecord[] } {
    mkdirSync(dir, { recursive: true });
    const records: JournalRecord[] = [];
    let generation = 0;
    const snapshotPath = join(dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const lines = readLines(snapshotPath);
      const header = lines.shift() as { generation?: number } | undefined;
      generation = header?.generation ?? 0;
      records.push(...(lines as JournalRecord[]));
    }
    const log = join(dir, `journal-${generation}.jsonl`);
    if (existsSync(log)) {
      cutTornTail(log);
      records.push(...(readLines(log) as JournalRecord[]));
    }
    for (const name of readdirSync(dir)) {
      if (/^journal-\d+\.jsonl$/.test(name) && name !== `journal-${generation}.jsonl`) rmSync(join(dir, name));
    }
    return { journal: new Journal(dir, generation, options), records };
  }

  /** Tells the journal how to list the live state when it compacts. */
  setSnapshotSource(source: () => Iterable<JournalRecord>): void {
    this.snapshotSource = source;
  }

  /** Appends a record; it is written with the next group commit. */
  append(record: JournalRecord): void {
    if (this.closed) throw new Error("journal closed");
    this.pending.push(JSON.stringify(record));
    this.schedule();
  }

  /** Runs `callback` once everything appended so far is written (and fsynced, per policy). */
  whenDurable(callback: () => void): void {
    this.callbacks.push(callback);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes everything pending now; runs the waiting callbacks. */
  flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    if (this.pending.length === 0 && this.callbacks.length === 0) return;
    if (this.pending.length > 0) {
      const text = `${this.pending.join("\n")}\n`;
      this.pending = [];
      this.logBytes += writeSync(this.fd, text);
      if (this.fsync === "always") fdatasyncSync(this.fd);
    }
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) callback();
    // Records are idempotent (absolute values), so pending ones replayed after the snapshot are harmless.
    if (this.logBytes > this.compactAfterBytes) this.compact();
  }

  /** Writes a snapshot of the live state and starts a fresh log (crash-safe: rename is the commit). */
  compact(): void {
    const next = this.generation + 1;
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, "w");
    let chunk: string[] = [JSON.stringify({ generation: next })];
    for (const record of this.snapshotSource()) {
      chunk.push(JSON.stringify(record));
      if (chunk.length >= 1000) {
        writeSync(fd, `${chunk.join("\n")}\n`);
        chunk = [];
      }
    }
    writeSync(fd, `${chunk.join("\n")}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(this.dir, SNAPSHOT));
    syncDir(this.dir);
    const old = this.fd;
    this.fd = openSync(this.logPath(next), "a");
    closeSync(old);
    rmSync(this.logPath(this.generation), { force: true });
    this.generation = next;
    this.logBytes = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  private logPath(generation: number): string {
    return join(this.dir, `journal-${generation}.jsonl`);
  }
}

/**
 * Cuts a torn last line (a crash mid-write): it was never acknowledged, and left in place it would
 * swallow the first record appended after the restart into one unparsable line.
 */
function cutTornTail(path: string): void {
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  truncateSync(path, bytes.lastIndexOf(0x0a) + 1);
}

function readLines(path: string): unknown[] {
  const out: unknown[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // A torn last line from a crash mid-write: it was never acknowledged, so dropping it is right.
    }
  }
  return out;
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Not every platform can fsync a directory; the rename is still atomic.
  }
}
