import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeFile,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/** When appended records reach the disk: `always` fsyncs each group commit; `never` leaves it to the OS. */
export type FsyncPolicy = "always" | "never";

/** Options of the journal; all optional. */
export interface JournalOptions {
  /** Defaults to "always". Either way a record is written before it is acknowledged, so SIGKILL loses nothing. */
  fsync?: FsyncPolicy;
  /**
   * Rewrite the snapshot once the log grows past this many bytes, and past `SNAPSHOT_RATIO` times the last
   * snapshot. Defaults to 64 MiB.
   */
  compactAfterBytes?: number;
}

/**
 * A compaction rewrites the whole state in one synchronous stretch. Were the log's threshold fixed, a growing state
 * would be rewritten every few MiB logged: each stall longer than the last, and the work quadratic in the state.
 * Waiting for a log this many times the last snapshot keeps the work per logged byte constant, and stalls rare.
 */
const SNAPSHOT_RATIO = 2;

/** Thrown when a record is appended to (or a snapshot taken of) a closed journal. */
export class JournalClosedError extends Error {
  override name = "JournalClosedError";
  constructor() {
    super("journal closed");
  }
}

/** Whether `error` is a `JournalClosedError`. */
export function isJournalClosedError(error: unknown): error is JournalClosedError {
  return error instanceof Error && error.name === "JournalClosedError";
}

/** What a store uses of a journal: the file-backed `Journal` or the in-memory `MemoryJournal`. */
export interface RecordJournal<R> {
  append(record: R): void;
  commit(record: R): void;
  whenDurable(callback: () => void): void;
  setSnapshotSource(source: () => Iterable<R>, options?: SnapshotOptions): void;
  compact(): void;
  close(): void;
}

/**
 * A journal that keeps nothing, for stores started without a state directory: records are only
 * applied to memory, durable callbacks run on the next turn (as a group commit's would), and
 * appends after `close` throw `JournalClosedError` as the file-backed journal's do.
 */
export class MemoryJournal<R> implements RecordJournal<R> {
  private closed = false;

  append(_record: R): void {
    if (this.closed) throw new JournalClosedError();
  }

  commit(_record: R): void {
    if (this.closed) throw new JournalClosedError();
  }

  whenDurable(callback: () => void): void {
    setImmediate(callback);
  }

  setSnapshotSource(_source: () => Iterable<R>, _options?: SnapshotOptions): void {}

  /** Nothing to rewrite: memory is the whole state. */
  compact(): void {}

  close(): void {
    this.closed = true;
  }
}

const SNAPSHOT = "snapshot.jsonl";
/** A compaction writes `snapshot.jsonl.tmp-<generation>` before renaming it; leftovers of a crash are removed on open. */
const TMP = ".tmp-";

/**
 * `cut`: the source's records stay those of the moment it was called while the state moves on (the store is
 * copy-on-write, or remembers how long what grows in place was), so a compaction can write them in slices.
 */
export interface SnapshotOptions {
  cut?: boolean;
}

/**
 * A compaction in slices serializes this long per event-loop turn, at most `SLICE_BYTES`, then lets the loop go on: a
 * request needs several turns, and meets a slice in each. After each slice it rests `SLICE_REST_FACTOR` times as
 * long as the slice took, so it takes at most a tenth of the loop. With the slices back to back (or resting 4 or
 * 8 ms), a devhost answering 200 requests a second answered most of them in 50–130 ms for as long as a compaction
 * ran (0.6–2.2 s here): that was its p99.
 */
const SLICE_MS = 2;
const SLICE_REST_FACTOR = 9;
const SLICE_BYTES = 1024 * 1024;

/** A compaction in slices under way: cancelled when a synchronous one (or `close`) takes over. */
interface SlicedCompaction {
  cancel(): void;
}

/**
 * Append-only JSON-lines log plus a snapshot, over records of type `R` that the caller applies to
 * its in-memory state as it appends them (the snapshot source lists that state). Records
 * appended in one event-loop turn are written (and fsynced, per policy) together, then their
 * callbacks run; `commit` writes at once for callers that must be on disk before they return.
 */
export class Journal<R> implements RecordJournal<R> {
  private fd: number;
  private pending: string[] = [];
  private callbacks: (() => void)[] = [];
  private scheduled = false;
  private logBytes: number;
  /** The size of the snapshot the log grows on (0 with none). */
  private snapshotBytes: number;
  private closed = false;
  private readonly fsync: FsyncPolicy;
  private readonly compactAfterBytes: number;
  /** Produces the records that rebuild the current state (for compaction). */
  private snapshotSource: () => Iterable<R> = () => [];
  /** Whether `snapshotSource`'s records stay those of the moment it was called while the state moves on. */
  private snapshotIsCut = false;
  /** A compaction writing its snapshot in slices, while the log goes on in the next generation. */
  private slicing?: SlicedCompaction;

  private constructor(
    private readonly dir: string,
    private generation: number,
    options: JournalOptions,
  ) {
    this.fsync = options.fsync ?? "always";
    this.compactAfterBytes = options.compactAfterBytes ?? 64 * 1024 * 1024;
    const path = this.logPath(generation);
    this.fd = openSync(path, "a");
    this.logBytes = statSync(path).size;
    const snapshot = join(dir, SNAPSHOT);
    this.snapshotBytes = existsSync(snapshot) ? statSync(snapshot).size : 0;
  }

  /**
   * Opens the journal in `dir`, returning it and every record to replay (snapshot, then log). The
   * records are parsed JSON, not validated: `R` is the caller's word for what it wrote.
   */
  static open<R>(dir: string, options: JournalOptions = {}): { journal: Journal<R>; records: R[] } {
    mkdirSync(dir, { recursive: true });
    const records: R[] = [];
    let generation = 0;
    const snapshotPath = join(dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const lines = readLines(snapshotPath);
      const header = lines.shift() as { generation?: number } | undefined;
      generation = header?.generation ?? 0;
      records.push(...(lines as R[]));
    }
    // The snapshot's own log generation, then any later ones: a compaction in slices starts the next log before its
    // snapshot is in place, so a crash meanwhile leaves the old snapshot, its log and the newer log, in that order.
    // Logs of earlier generations are leftovers of a compaction that completed: the snapshot supersedes them.
    const names = readdirSync(dir);
    for (const name of names) if (name.startsWith(`${SNAPSHOT}${TMP}`)) rmSync(join(dir, name), { force: true });
    const logs = names
      .map((name) => /^journal-(\d+)\.jsonl$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    let current = generation;
    for (const n of logs) {
      const log = join(dir, `journal-${n}.jsonl`);
      if (n < generation) {
        rmSync(log);
        continue;
      }
      cutTornTail(log);
      records.push(...(readLines(log) as R[]));
      current = n;
    }
    return { journal: new Journal<R>(dir, current, options), records };
  }

  /**
   * Tells the journal how to list the live state when it compacts. With `cut`, a compaction the log's growth calls
   * for is written in slices between event-loop turns instead of in one synchronous stretch (which, over a big
   * state, stalls every caller).
   */
  setSnapshotSource(source: () => Iterable<R>, options: SnapshotOptions = {}): void {
    this.snapshotSource = source;
    this.snapshotIsCut = options.cut === true;
  }

  /** Appends a record; it is written with the next group commit. */
  append(record: R): void {
    if (this.closed) throw new JournalClosedError();
    this.pending.push(JSON.stringify(record));
    this.schedule();
  }

  /** Appends a record and writes it (with anything pending) before returning: a group commit of one turn's worth, now. */
  commit(record: R): void {
    if (this.closed) throw new JournalClosedError();
    this.pending.push(JSON.stringify(record));
    this.flush();
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
    this.writePending();
    const callbacks = this.callbacks;
    this.callbacks = [];
    for (const callback of callbacks) callback();
    if (this.slicing || this.logBytes <= Math.max(this.compactAfterBytes, SNAPSHOT_RATIO * this.snapshotBytes)) return;
    if (this.snapshotIsCut) this.compactInSlices();
    else this.compact();
  }

  /**
   * Writes a snapshot of the live state and starts a fresh log (crash-safe: rename is the commit).
   * Records still pending are dropped: the snapshot already holds their effect (callers apply a
   * record to memory when they append it), and writing them after it would replay them over a
   * state that has moved on — a reset would bring them back. Their callbacks run with the next flush.
   */
  compact(): void {
    if (this.closed) throw new JournalClosedError();
    this.slicing?.cancel();
    this.slicing = undefined;
    this.pending = [];
    const next = this.generation + 1;
    const tmp = join(this.dir, `${SNAPSHOT}${TMP}${next}`);
    const fd = openSync(tmp, "w");
    let bytes = 0;
    let chunk: string[] = [JSON.stringify({ generation: next })];
    for (const record of this.snapshotSource()) {
      chunk.push(JSON.stringify(record));
      if (chunk.length >= 1000) {
        bytes += writeSync(fd, `${chunk.join("\n")}\n`);
        chunk = [];
      }
    }
    bytes += writeSync(fd, `${chunk.join("\n")}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(this.dir, SNAPSHOT));
    syncDir(this.dir);
    const old = this.fd;
    this.fd = openSync(this.logPath(next), "a");
    closeSync(old);
    // The current log and, after a cancelled compaction in slices, the one before it.
    for (let g = this.generation; g >= 0 && existsSync(this.logPath(g)); g--) rmSync(this.logPath(g));
    this.generation = next;
    this.logBytes = 0;
    this.snapshotBytes = bytes;
  }

  /**
   * A compaction that does not stall: the log goes on in the next generation at once, and the cut of this moment
   * is serialized `SLICE_MS` a turn and written without blocking (the disk, not the serializing, was most of a
   * slice: 5–8 ms a write here). Once it is renamed into place the old log is removed; a crash before that replays
   * the old snapshot, the old log and the new one (`open`). Records pending now are written to the old log first:
   * the cut holds their effect, and so does the old log, for a crash meanwhile. Its temporary file is its own, so a
   * write still in flight after a cancel lands in a file nothing reads.
   */
  private compactInSlices(): void {
    this.writePending();
    const old = this.generation;
    const next = old + 1;
    const records = this.snapshotSource()[Symbol.iterator]();
    const tmp = join(this.dir, `${SNAPSHOT}${TMP}${next}`);
    const fd = openSync(tmp, "w");
    let bytes = writeSync(fd, `${JSON.stringify({ generation: next })}\n`);
    const previousFd = this.fd;
    this.fd = openSync(this.logPath(next), "a");
    closeSync(previousFd);
    this.generation = next;
    this.logBytes = 0;
    let cancelled = false;
    let writing = false;
    const drop = () => {
      closeSync(fd);
      rmSync(tmp, { force: true });
    };
    this.slicing = {
      cancel: () => {
        cancelled = true;
        if (!writing) drop();
      },
    };
    const finish = () => {
      writing = true;
      fsync(fd, (error) => {
        writing = false;
        if (cancelled || error) {
          if (!cancelled) this.slicing = undefined;
          return drop();
        }
        closeSync(fd);
        renameSync(tmp, join(this.dir, SNAPSHOT));
        syncDir(this.dir);
        rmSync(this.logPath(old), { force: true });
        this.snapshotBytes = bytes;
        this.slicing = undefined;
      });
    };
    const slice = () => {
      if (cancelled) return;
      const lines: string[] = [];
      let size = 0;
      let done = false;
      const started = performance.now();
      while (size < SLICE_BYTES && performance.now() - started < SLICE_MS) {
        const item = records.next();
        if (item.done) {
          done = true;
          break;
        }
        const line = JSON.stringify(item.value);
        lines.push(line);
        size += line.length;
      }
      if (lines.length === 0) return void (done ? finish() : setImmediate(slice));
      const text = Buffer.from(`${lines.join("\n")}\n`);
      const restMs = (performance.now() - started) * SLICE_REST_FACTOR;
      writing = true;
      // writeFile on a descriptor writes all of it at the file's position, however many writes that takes.
      writeFile(fd, text, (error) => {
        writing = false;
        if (cancelled) return drop();
        if (error) {
          // The old snapshot and the logs since still hold everything; the next compaction tries again.
          this.slicing = undefined;
          return drop();
        }
        bytes += text.length;
        if (done) finish();
        else setTimeout(slice, restMs);
      });
    };
    setImmediate(slice);
  }

  /** Writes what is pending to the current log, without running callbacks or compacting. */
  private writePending(): void {
    if (this.pending.length === 0) return;
    const text = `${this.pending.join("\n")}\n`;
    this.pending = [];
    this.logBytes += writeSync(this.fd, text);
    if (this.fsync === "always") fdatasyncSync(this.fd);
  }

  /** Flushes and closes the file; later appends throw `JournalClosedError`. */
  close(): void {
    if (this.closed) return;
    this.flush();
    // A snapshot half written is dropped: the old one and the logs since still hold everything.
    this.slicing?.cancel();
    this.slicing = undefined;
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
