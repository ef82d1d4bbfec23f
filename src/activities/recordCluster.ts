import { toClusterEntity } from "../request/clusterEntity.js";
import { applyClusterChange, type ClusterChange, type ClusterState } from "../request/clusterRow.js";
import type { ClusterTable } from "./clusterTable.js";

/** What a record did: `applied` (the row now has the fact), `stale` (a newer fact was there), `unknown` (no row). */
export interface RecordOutcome {
  result: "applied" | "stale" | "unknown";
  state?: ClusterState;
}

/** The registry's only writer: the orchestrations record each fact of a cluster through it. */
export function recordClusterActivities(table: () => ClusterTable) {
  return {
    /**
     * Applies one change through the table's optimistic update (`applyClusterChange` on a fresh read per attempt).
     * A replay or retry of the same change finds the row already as it makes it and writes nothing.
     */
    async recordCluster(change: ClusterChange): Promise<RecordOutcome> {
      let result: RecordOutcome["result"] = "unknown";
      const row = await table().update(change.requestId, (before) => {
        const applied = applyClusterChange(before, change);
        result = applied.kind;
        if (applied.kind !== "applied") return undefined;
        const same = before && JSON.stringify(toClusterEntity(before)) === JSON.stringify(toClusterEntity(applied.row));
        return same ? undefined : applied.row;
      });
      return { result, ...(row ? { state: row.state } : {}) };
    },
  };
}
