import { RestError, TableClient } from "@azure/data-tables";
import type { TokenCredential } from "@azure/identity";
import type { AppConfig } from "../config.js";
import {
  drainWrites,
  fullBudget,
  takeWrite,
  type WriteBudgetSettings,
  type WriteBudgetState,
  type WriteGrant,
} from "../request/index.js";
import { tableEnsurer } from "./ensureTable.js";

/** The table of the write budgets on the app's storage: one row per subscription. */
export const WRITE_BUDGET_TABLE = "armWriteBudget";
const ROW_KEY = "writes";

/**
 * The ARM write budget every instance of the app shares, one token bucket per subscription in a table row updated
 * with its ETag (read → `takeWrite` → conditional replace; a lost race reads again). A write takes its token right
 * before it is sent, so the rate ARM sees is the bucket's whatever the queues in between.
 */
export interface WriteBudgetTable {
  /** `ticketMs`: the retry time an earlier refusal gave this write (`takeWrite`). */
  take(subscriptionId: string, settings: WriteBudgetSettings, nowMs: number, ticketMs?: number): Promise<WriteGrant>;
  /**
   * Whether a write may go now, without taking: a refusal is recorded (its ticket), a grant takes nothing — the
   * write's `take` comes later, right before it is sent. Spares a refused write the activity's existence read.
   */
  ask(subscriptionId: string, settings: WriteBudgetSettings, nowMs: number, ticketMs?: number): Promise<WriteGrant>;
  /** ARM answered 429 anyway: nothing is granted until `untilMs`. */
  drain(subscriptionId: string, settings: WriteBudgetSettings, untilMs: number, nowMs: number): Promise<void>;
  read(subscriptionId: string): Promise<WriteBudgetState | undefined>;
}

/** The error of a drain that lost every race; thrown, so the activity is retried (a take is refused instead). */
export class WriteBudgetContentionError extends Error {
  override name = "WriteBudgetContentionError";
}

/** The budget table on the app's storage (Azurite's connection string in the sandbox), as `clusterTable` builds its client. */
export function writeBudgetTable(storage: AppConfig["storage"], credential: TokenCredential): WriteBudgetTable {
  const retryOptions = { maxRetries: 2, retryDelayInMs: 200 };
  const client =
    "connectionString" in storage
      ? TableClient.fromConnectionString(storage.connectionString, WRITE_BUDGET_TABLE, {
          allowInsecureConnection: true,
          retryOptions,
        })
      : new TableClient(storage.tableServiceUri, WRITE_BUDGET_TABLE, credential, { retryOptions });
  return writeBudgetTableOn(client);
}

interface Row {
  state: WriteBudgetState;
  etag?: string;
}

/** The budget over a given client. `maxAttempts` bounds the races one call may lose. */
export function writeBudgetTableOn(client: TableClient, maxAttempts = 25): WriteBudgetTable {
  const ensureTable = tableEnsurer(client);
  // The row as this process last wrote it: while no other writer came in between, its ETag still holds and the
  // next take is one request, not a read and a write.
  const last = new Map<string, Row>();

  async function read(key: string): Promise<Row | undefined> {
    await ensureTable();
    try {
      const e = await client.getEntity<Record<string, unknown>>(key, ROW_KEY);
      const state: WriteBudgetState = { tokens: Number(e.tokens), atMs: Number(e.atMs) };
      if (typeof e.blockedUntilMs === "number") state.blockedUntilMs = e.blockedUntilMs;
      if (typeof e.queuedUntilMs === "number") state.queuedUntilMs = e.queuedUntilMs;
      return { state, ...(e.etag ? { etag: e.etag } : {}) };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function change<T>(
    subscriptionId: string,
    settings: WriteBudgetSettings,
    nowMs: number,
    mutate: (state: WriteBudgetState) => { state: WriteBudgetState; result: T; keep?: boolean },
    fresh = false,
    contended?: () => T,
  ): Promise<T> {
    const key = subscriptionId.toLowerCase();
    let row = (fresh ? undefined : last.get(key)) ?? (await read(key));
    for (let attempt = 1; ; attempt++) {
      const { state, result, keep } = mutate(row?.state ?? fullBudget(settings, nowMs));
      if (keep) return result;
      const entity = { partitionKey: key, rowKey: ROW_KEY, ...columns(state) };
      try {
        await ensureTable();
        const { etag } = row?.etag
          ? await client.updateEntity(entity, "Replace", { etag: row.etag })
          : await client.createEntity(entity);
        last.set(key, { state, ...(etag ? { etag } : {}) });
        return result;
      } catch (error) {
        const status = statusOf(error);
        if (status !== 412 && status !== 409) throw error;
        last.delete(key);
        if (attempt >= maxAttempts) {
          if (contended) return contended();
          throw new WriteBudgetContentionError(`${key}: lost ${attempt} races for the write budget`);
        }
        // A short full jitter: the racers are other writes about to be sent, and this wait is on their path.
        if (attempt > 1) await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
        row = await read(key);
      }
    }
  }

  // A write that lost every race is not failed: it is refused, to come back a token later, like any other.
  const busy = (settings: WriteBudgetSettings) => (): WriteGrant => {
    const retryAfterMs = Math.ceil(1000 / settings.perSecond);
    return { granted: false, retryAfterMs, retryAtMs: Date.now() + retryAfterMs };
  };

  // `take` spends the token a grant names; `ask` only says whether it would be granted, from a fresh read (this
  // instance's remembered row could grant what another instance has taken), and keeps the row unless refused
  // (a refusal hands out a ticket, which the row must remember).
  const grant =
    (asking: boolean): WriteBudgetTable["take"] =>
    (subscriptionId, settings, nowMs, ticketMs) =>
      change(
        subscriptionId,
        settings,
        nowMs,
        (s) => {
          const { state, grant } = takeWrite(s, settings, nowMs, ticketMs);
          return { state, result: grant, keep: asking && grant.granted };
        },
        asking,
        busy(settings),
      );

  return {
    take: grant(false),
    ask: grant(true),
    drain: (subscriptionId, settings, untilMs, nowMs) =>
      change(subscriptionId, settings, nowMs, (s) => ({ state: drainWrites(s, untilMs, nowMs), result: undefined })),
    read: async (subscriptionId) => (await read(subscriptionId.toLowerCase()))?.state,
  };
}

// Typed as doubles: an untyped JSON integer past 2^31 (a time in ms) is not one the Table service takes as Int32.
function columns(state: WriteBudgetState): Record<string, { value: string; type: "Double" }> {
  const out: Record<string, { value: string; type: "Double" }> = {};
  for (const [k, v] of Object.entries(state)) if (typeof v === "number") out[k] = { value: String(v), type: "Double" };
  return out;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof RestError || (error instanceof Error && "statusCode" in error)
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}
