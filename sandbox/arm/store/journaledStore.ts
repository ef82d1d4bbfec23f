import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { type ArmStore, resourceKey, type StoredOperation, type StoredResource } from "./armStore.js";

type JournalEntry =
  | { op: "putResource"; value: StoredResource }
  | { op: "deleteResource"; key: string }
  | { op: "putOperation"; value: StoredOperation }
  | { op: "meta"; key: string; value: unknown };

interface Snapshot {
  resources: StoredResource[];
  operations: StoredOperation[];
  meta: Record<string, unknown>;
}

const SNAPSHOT_FILE = "arm-state.json";
const JOURNAL_FILE = "arm-journal.jsonl";
/** Journal lines after which the store rewrites its snapshot, bounding replay time and disk use. */
const COMPACT_AFTER_ENTRIES = 5000;

/**
 * In-memory maps backed by a snapshot plus an append-only journal in `dir`. Each mutation is one
 * synchronous JSON line written to the journal, kept open, so a crash loses at most the request in
 * flight; opening replays the journal over the snapshot and compacts both. After `close` nothing is written.
 */
export class JournaledStore implements ArmStore {
  private resources = new Map<string, StoredResource>();
  private operations = new Map<string, StoredOperation>();
  private meta = new Map<string, unknown>();
  private readonly snapshotPath: string;
  private readonly journalPath: string;
  private journalEntries = 0;
  private journal: number | undefined;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.snapshotPath = join(dir, SNAPSHOT_FILE);
    this.journalPath = join(dir, JOURNAL_FILE);
    this.load();
    this.journal = openSync(this.journalPath, "a");
    this.compact();
  }

  getResource(id: string): StoredResource | undefined {
    return this.resources.get(resourceKey(id));
  }

  putResource(resource: StoredResource): void {
    this.resources.set(resourceKey(resource.id), resource);
    this.append({ op: "putResource", value: resource });
  }

  deleteResource(id: string): void {
    const key = resourceKey(id);
    if (!this.resources.delete(key)) return;
    this.append({ op: "deleteResource", key });
  }

  listResources(filter: { prefix?: string; type?: string; parentKey?: string } = {}): StoredResource[] {
    const prefix = filter.prefix === undefined ? undefined : resourceKey(filter.prefix);
    const type = filter.type?.toLowerCase();
    return [...this.resources.entries()]
      .filter(
        ([key, r]) =>
          (prefix === undefined || key === prefix || key.startsWith(`${prefix}/`)) &&
          (type === undefined || r.type.toLowerCase() === type) &&
          (filter.parentKey === undefined || r.parentKey === filter.parentKey),
      )
      .map(([, r]) => r);
  }

  getOperation(id: string): StoredOperation | undefined {
    return this.operations.get(id.toLowerCase());
  }

  putOperation(operation: StoredOperation): void {
    this.operations.set(operation.id.toLowerCase(), operation);
    this.append({ op: "putOperation", value: operation });
  }

  listOperations(): StoredOperation[] {
    return [...this.operations.values()];
  }

  getMeta<T>(key: string): T | undefined {
    return this.meta.get(key) as T | undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.meta.set(key, value);
    this.append({ op: "meta", key, value });
  }

  clear(): void {
    this.resources.clear();
    this.operations.clear();
    this.meta.clear();
    this.compact();
  }

  close(): void {
    if (this.journal === undefined) return;
    this.compact();
    closeSync(this.journal);
    this.journal = undefined;
  }

  private append(entry: JournalEntry): void {
    if (this.journal === undefined) return;
    writeSync(this.journal, `${JSON.stringify(entry)}\n`);
    if (++this.journalEntries >= COMPACT_AFTER_ENTRIES) this.compact();
  }

  private load(): void {
    if (existsSync(this.snapshotPath)) {
      const snapshot = JSON.parse(readFileSync(this.snapshotPath, "utf8")) as Snapshot;
      for (const r of snapshot.resources) this.resources.set(resourceKey(r.id), r);
      for (const o of snapshot.operations) this.operations.set(o.id.toLowerCase(), o);
      for (const [k, v] of Object.entries(snapshot.meta)) this.meta.set(k, v);
    }
    if (!existsSync(this.journalPath)) return;
    for (const line of readFileSync(this.journalPath, "utf8").split("\n")) {
      if (!line.trim()) continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        break; // a torn last line from a crash: everything before it is intact
      }
      this.replay(entry);
    }
  }

  private replay(entry: JournalEntry): void {
    switch (entry.op) {
      case "putResource":
        this.resources.set(resourceKey(entry.value.id), entry.value);
        break;
      case "deleteResource":
        this.resources.delete(entry.key);
        break;
      case "putOperation":
        this.operations.set(entry.value.id.toLowerCase(), entry.value);
        break;
      case "meta":
        this.meta.set(entry.key, entry.value);
        break;
    }
  }

  private compact(): void {
    if (this.journal === undefined) return;
    const snapshot: Snapshot = {
      resources: [...this.resources.values()],
      operations: [...this.operations.values()],
      meta: Object.fromEntries(this.meta),
    };
    const tmp = `${this.snapshotPath}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot));
    renameSync(tmp, this.snapshotPath);
    ftruncateSync(this.journal, 0);
    this.journalEntries = 0;
  }
}
