import { odata, RestError, TableClient } from "@azure/data-tables";
import type { TokenCredential } from "@azure/identity";
import type { AppConfig } from "../config.js";
import { CLUSTER_ROW_KEY, type ClusterEntity, fromClusterEntity, toClusterEntity } from "../request/clusterEntity.js";
import type { ClusterRow, ClusterState } from "../request/clusterRow.js";
import { tableEnsurer } from "./ensureTable.js";

/** What `list` may filter on (all given ones must match). */
export interface ClusterFilter {
  /** One state, or any of several (the schedule timer's: the states it acts on). */
  state?: ClusterState | readonly ClusterState[];
  owner?: string;
  resourceGroup?: string;
}

/** One page of `list`; `continuationToken` is there while more rows may follow. */
export interface ClusterPage {
  rows: ClusterRow[];
  continuationToken?: string;
}

/**
 * What a mutation returns: the row to store, or undefined to store nothing (the row is already as it should be).
 * It may run several times (once per attempt, on a fresh read each time), so it must not have side effects.
 */
export type ClusterMutation = (before: ClusterRow | undefined) => ClusterRow | undefined;

/** The registry table: point reads, optimistic updates and filtered, paged listing. */
export interface ClusterTable {
  read(requestId: string): Promise<ClusterRow | undefined>;
  /** Read (with its ETag) → mutate → conditional write; a lost race re-reads and mutates again. */
  update(requestId: string, mutate: ClusterMutation): Promise<ClusterRow | undefined>;
  list(filter?: ClusterFilter, page?: { continuationToken?: string; maxPageSize?: number }): Promise<ClusterPage>;
}

export interface ClusterTableOptions {
  /** Attempts of one update before it gives up (each after a lost race). Defaults to 12. */
  maxAttempts?: number;
  /** Called on each lost race (412 on replace, 409 on create), e.g. to count them. */
  onConflict?: (statusCode: number, attempt: number) => void;
}

/** The error of an update that lost every race; thrown, so the activity is retried. */
export class ClusterTableContentionError extends Error {
  override name = "ClusterTableContentionError";
}

/** A continuation token the table cannot decode (not one `list` returned). */
export class InvalidContinuationTokenError extends Error {
  override name = "InvalidContinuationTokenError";
}

/**
 * The registry on the app's storage: Azurite's connection string in the sandbox (plain http, hence
 * `allowInsecureConnection`), the storage account's table endpoint with the app's identity in Azure.
 * The table is created on first use, once per client.
 */
export function clusterTable(
  storage: AppConfig["storage"],
  credential: TokenCredential,
  options: ClusterTableOptions = {},
): ClusterTable {
  // The activity's retry policy is the retry loop that matters (it spaces attempts with durable timers); the SDK's
  // own retries are kept short so one attempt against unreachable storage does not hold a worker for long.
  const retryOptions = { maxRetries: 2, retryDelayInMs: 200 };
  const client =
    "connectionString" in storage
      ? TableClient.fromConnectionString(storage.connectionString, storage.clusterTableName, {
          allowInsecureConnection: true,
          retryOptions,
        })
      : new TableClient(storage.tableServiceUri, storage.clusterTableName, credential, { retryOptions });
  return clusterTableOn(client, options);
}

/** The registry over a given client (tests use one per table). */
export function clusterTableOn(client: TableClient, options: ClusterTableOptions = {}): ClusterTable {
  const maxAttempts = options.maxAttempts ?? 12;
  const ensureTable = tableEnsurer(client);

  async function readEntity(requestId: string): Promise<{ row?: ClusterRow; etag?: string }> {
    await ensureTable();
    try {
      const entity = await client.getEntity<Record<string, unknown>>(requestId, CLUSTER_ROW_KEY);
      const row = fromClusterEntity(entity);
      return { ...(row ? { row } : {}), etag: entity.etag };
    } catch (error) {
      if (statusOf(error) === 404) return {};
      throw error;
    }
  }

  return {
    async read(requestId) {
      return (await readEntity(requestId)).row;
    },

    async update(requestId, mutate) {
      for (let attempt = 1; ; attempt++) {
        const { row: before, etag } = await readEntity(requestId);
        const after = mutate(before);
        if (!after) return before;
        if (after.requestId !== requestId) throw new Error(`a mutation of ${requestId} returned ${after.requestId}`);
        const entity: ClusterEntity = toClusterEntity(after);
        try {
          if (etag) await client.updateEntity(entity, "Replace", { etag });
          else await client.createEntity(entity);
          return after;
        } catch (error) {
          const status = statusOf(error);
          if (status !== 412 && status !== 409) throw error;
          options.onConflict?.(status, attempt);
          if (attempt >= maxAttempts)
            throw new ClusterTableContentionError(`${requestId}: lost ${attempt} races to other writers`);
          // Full jitter over a window that grows with the attempts, so racing writers spread out.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 20 * 2 ** attempt)));
        }
      }
    },

    async list(filter = {}, page = {}) {
      await ensureTable();
      const clauses = [odata`RowKey eq ${CLUSTER_ROW_KEY}`];
      const states = typeof filter.state === "string" ? [filter.state] : (filter.state ?? []);
      if (states.length > 0) clauses.push(`(${states.map((state) => odata`state eq ${state}`).join(" or ")})`);
      if (filter.owner) clauses.push(odata`owner eq ${filter.owner}`);
      if (filter.resourceGroup) clauses.push(odata`resourceGroup eq ${filter.resourceGroup}`);
      const pages = client
        .listEntities<Record<string, unknown>>({ queryOptions: { filter: clauses.join(" and ") } })
        .byPage({
          ...(page.maxPageSize ? { maxPageSize: page.maxPageSize } : {}),
          ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
        });
      const next = await pages.next().catch((error: unknown) => {
        // The SDK decodes the token locally (base64 JSON) before any request: a bad one is a SyntaxError, not a RestError.
        if (page.continuationToken && error instanceof SyntaxError)
          throw new InvalidContinuationTokenError("the continuation token is not one this table returned");
        throw error;
      });
      if (next.done || !next.value) return { rows: [] };
      const rows = next.value.map((e) => fromClusterEntity(e)).filter((r): r is ClusterRow => r !== undefined);
      const token = next.value.continuationToken;
      return { rows, ...(token ? { continuationToken: token } : {}) };
    },
  };
}

function statusOf(error: unknown): number | undefined {
  return error instanceof RestError || (error instanceof Error && "statusCode" in error)
    ? (error as { statusCode?: number }).statusCode
    : undefined;
}
