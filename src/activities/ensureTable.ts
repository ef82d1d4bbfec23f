import type { TableClient } from "@azure/data-tables";

/**
 * Creates `client`'s table on first use, once per process: createTable answers an existing table without throwing,
 * and a failed attempt is forgotten so the next call tries again.
 */
export function tableEnsurer(client: TableClient): () => Promise<void> {
  let created: Promise<void> | undefined;
  return () => {
    created ??= client.createTable().catch((error: unknown) => {
      created = undefined;
      throw error;
    });
    return created;
  };
}
