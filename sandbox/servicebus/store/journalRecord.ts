/** One line of the journal; the broker's state is exactly the replay of these records. */
export type JournalRecord =
  | {
      /** A message became durable in queue `q`. */
      k: "enq";
      q: string;
      seq: number;
      id: string;
      /** Enqueued time, ms since epoch. */
      t: number;
      /** Time to live, ms (absent = the entity default). */
      ttl?: number;
      /** Scheduled enqueue time, ms since epoch. */
      sch?: number;
      dc: number;
      deferred?: boolean;
      /** Message annotations the sender set (tagged JSON, see `encodeJsonValue`). */
      ann?: Record<string, unknown>;
      /** Bare message bytes, base64. */
      b: string;
    }
  | { k: "del"; q: string; seq: number }
  /** Unlocks and updates delivery count / deferral / bare bytes (properties to modify, base64). */
  | { k: "upd"; q: string; seq: number; dc: number; deferred?: boolean; b?: string }
  | { k: "lck"; q: string; seq: number; tok: string; u: number }
  | { k: "dup"; q: string; id: string; t: number }
  | { k: "next"; seq: number };

/** Encodes annotation values so Dates and Buffers survive JSON. */
export function encodeJsonValue(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.getTime() };
  if (Buffer.isBuffer(value)) return { $bin: value.toString("base64") };
  if (Array.isArray(value)) return value.map(encodeJsonValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeJsonValue(v)]));
  }
  return value;
}

/** Inverse of `encodeJsonValue`. */
export function decodeJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeJsonValue);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.$date === "number") return new Date(o.$date);
    if (typeof o.$bin === "string") return Buffer.from(o.$bin, "base64");
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeJsonValue(v)]));
  }
  return value;
}
