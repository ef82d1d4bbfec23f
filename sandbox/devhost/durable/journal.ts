import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { StateStore } from "./stateStore.js";
import type { Mutation } from "./types.js";

/** Options of the on-disk journal. */
export interface JournalOptions {
  /** Directory for `journal.log` and `snapshot.json`; undefined keeps state in memory only. */
  dir?: string;
  /** Compact (snapshot + truncate) once the log passes this many bytes. Defaults to 16 MiB. */
  compactBytes?: number;
  /** fsync every record (survives power loss, not only process kill). Defaults to false. */
  fsync?: boolean;
}

const LOG = "journal.log";
const SNAPSHOT = "snapshot.json";

/**
 * Append-only journal of state mutations. Each `commit` is one line written with one write(2), so a SIGKILL
 * leaves either the whole record or a torn last line, which recovery drops. Records carry a sequence number
 * so a snapshot taken just before a crash is never applied twice.
 */
export class Journal {
  private fd: number | undefined;
  private seq = 0;
  private bytes = 0;
  private readonly compactBytes: number;

  constructor(
    private readonly store: StateStore,
    private readonly options: JournalOptions = {},
  ) {
    this.compactBytes = options.compactBytes ?? 16 * 1024 * 1024;
  }

  /** Loads snapshot and log into the store and opens the log for appending. */
  open(): void {
    const dir = this.options.dir;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const snapPath = join(dir, SNAPSHOT);
    if (existsSync(snapPath)) {
      const snap = JSON.parse(readFileSync(snapPath, "utf8")) as { seq: number; state: never };
      this.store.loadSnapshot(snap.state);
      this.seq = snap.seq;
    }
    const logPath = join(dir, LOG);
    let goodBytes = 0;
    if (existsSync(logPath)) {
      const buf = readFileSync(logPath);
      let start = 0;
      for (;;) {
        const end = buf.indexOf(10, start);
        if (end < 0) break;
        let rec: { n: number; m: Mutation[] };
        try {
          rec = JSON.parse(buf.subarray(start, end).toString("utf8"));
        } catch {
          break;
        }
        if (rec.n > this.seq) {
          for (const m of rec.m) this.store.apply(m);
          this.seq = rec.n;
        }
        start = end + 1;
        goodBytes = start;
      }
    }
    this.fd = openSync(logPath, "a+");
    // Drop a torn tail so the next record starts on a clean line.
    ftruncateSync(this.fd, goodBytes);
    this.bytes = goodBytes;
  }

  /** Persists and applies `mutations` atomically. */
  commit(mutations: Mutation[]): void {
    if (mutations.length === 0) return;
    this.seq++;
    if (this.fd !== undefined) {
      const line = `${JSON.stringify({ n: this.seq, m: mutations })}\n`;
      this.bytes += writeSync(this.fd, line);
      if (this.options.fsync) fsyncSync(this.fd);
    }
    for (const m of mutations) this.store.apply(m);
    if (this.bytes > this.compactBytes) this.compact();
  }

  /** Writes a snapshot of the store and truncates the log. */
  compact(): void {
    const dir = this.options.dir;
    if (!dir || this.fd === undefined) return;
    const tmp = join(dir, `${SNAPSHOT}.tmp`);
    writeFileSync(tmp, JSON.stringify({ seq: this.seq, state: this.store.toSnapshot() }));
    const fd = openSync(tmp, "r+");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(dir, SNAPSHOT));
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
  }

  /** Compacts and closes the log. */
  close(): void {
    if (this.fd === undefined) return;
    this.compact();
    closeSync(this.fd);
    this.fd = undefined;
  }
}
