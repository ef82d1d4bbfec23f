import { type FsyncPolicy, Journal } from "../../shared/journal.js";
import { type ArmStore, resourceKey, type StoredOperation, type StoredResource } from "./armStore.js";

/** One journal line; the store's state is exactly the replay of these (each an absolute value). */
type ArmRecord =
  | { op: "putResource"; value: StoredResource }
  | { op: "deleteResource"; key: string }
  | { op: "putOperation"; value: StoredOperation }
  | { op: "meta"; key: string; value: unknown };

/** Options of the journaled store; all optional. */
export interface JournaledStoreOptions {
  /** Defaults to "never": a mutation is written (survives a killed process) before the response, not fsynced. */
  fsync?: FsyncPolicy;
  /** Rewrite the snapshot once the log grows past this many bytes, bounding replay time. Defaults to 8 MiB. */
  compactAfterBytes?: number;
}

/**
 * In-memory maps backed by the sandbox journal (`shared/journal.ts`) in `dir`. Each mutation is
 * committed synchronously — written before the call returns, so before the HTTP response — and a
 * crash loses at most the request in flight; opening replays snapshot and log, a torn last line
 * dropped. `close` compacts; after it nothing is written.
 */
export class JournaledStore implements ArmStore {
  private resources = new Map<string, StoredResource>();
  private operations = new Map<string, StoredOperation>();
  private meta = new Map<string, unknown>();
  private readonly journal: Journal<ArmRecord>;
  private closed = false;

  constructor(dir: string, options: JournaledStoreOptions = {}) {
    const { journal, records } = Journal.open<ArmRecord>(dir, {
      fsync: options.fsync ?? "never",
      compactAfterBytes: options.compactAfterBytes ?? 8 * 1024 * 1024,
    });
    for (const record of records) this.replay(record);
    journal.setSnapshotSource(() => this.snapshot());
    this.journal = journal;
  }

  getResource(id: string): StoredResource | undefined {
    return this.resources.get(resourceKey(id));
  }

  putResource(resource: StoredResource): void {
    this.resources.set(resourceKey(resource.id), resource);
    this.commit({ op: "putResource", value: resource });
  }

  deleteResource(id: string): void {
    const key = resourceKey(id);
    if (!this.resources.delete(key)) return;
    this.commit({ op: "deleteResource", key });
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
    this.commit({ op: "putOperation", value: operation });
  }

  listOperations(): StoredOperation[] {
    return [...this.operations.values()];
  }

  getMeta<T>(key: string): T | undefined {
    return this.meta.get(key) as T | undefined;
  }

  setMeta(key: string, value: unknown): void {
    this.meta.set(key, value);
    this.commit({ op: "meta", key, value });
  }

  clear(): void {
    this.resources.clear();
    this.operations.clear();
    this.meta.clear();
    if (!this.closed) this.journal.compact();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // A clean stop leaves only the snapshot, so the next start replays the state rather than its history.
    this.journal.compact();
    this.journal.close();
  }

  private commit(record: ArmRecord): void {
    // After `close` the stopped server's state on disk is final; memory may still change.
    if (!this.closed) this.journal.commit(record);
  }

  private *snapshot(): Iterable<ArmRecord> {
    for (const value of this.resources.values()) yield { op: "putResource", value };
    for (const value of this.operations.values()) yield { op: "putOperation", value };
    for (const [key, value] of this.meta) yield { op: "meta", key, value };
  }

  private replay(record: ArmRecord): void {
    switch (record.op) {
      case "putResource":
        this.resources.set(resourceKey(record.value.id), record.value);
        break;
      case "deleteResource":
        this.resources.delete(record.key);
        break;
      case "putOperation":
        this.operations.set(record.value.id.toLowerCase(), record.value);
        break;
      case "meta":
        this.meta.set(record.key, record.value);
        break;
    }
  }
}
