import type { TableEntity } from "@azure/data-tables";
import { type ClusterRow, type ClusterState, isClusterState, type LastOperation } from "./clusterRow.js";

/**
 * How a `ClusterRow` is stored as a Table entity.
 *
 * PartitionKey is the request id and RowKey the constant `cluster`: a row is read and updated by request id
 * alone (a point read, an ETag per cluster, no hot partition), and RowKey leaves room for more rows per cluster.
 * Listing with `state`/`owner`/`resourceGroup` filters scans the table either way (none of them is a key), which
 * is what a registry of hundreds of clusters affords; the scan pages with continuation tokens.
 *
 * Scalars the list filters on are columns of their own; lists and objects are JSON strings. A Table string
 * property holds at most 64 KiB (32 Ki UTF-16 units), so a long JSON value is split over `name`, `name_1`, …
 */
export const CLUSTER_ROW_KEY = "cluster";

/** UTF-16 units per string property: below the 32,768 the Table service accepts. */
export const MAX_PROPERTY_CHARS = 30_000;

type Scalar = string | number;
/** What the entity's properties are (keys aside). */
export type ClusterEntity = TableEntity<Record<string, Scalar>>;

const JSON_FIELDS = ["resourceIds", "schedules", "pools"] as const;

/** The entity of a row. */
export function toClusterEntity(row: ClusterRow): ClusterEntity {
  const entity: ClusterEntity = { partitionKey: row.requestId, rowKey: CLUSTER_ROW_KEY };
  const put = (name: string, value: Scalar | undefined) => {
    if (value !== undefined) entity[name] = value;
  };
  put("requestId", row.requestId);
  put("owner", row.owner);
  put("subscriptionId", row.subscriptionId);
  put("resourceGroup", row.resourceGroup);
  put("clusterName", row.clusterName);
  put("location", row.location);
  put("specHash", row.specHash);
  put("state", row.state);
  put("ttlHours", row.ttlHours);
  put("expiresAt", row.expiresAt);
  put("provisionedAt", row.provisionedAt);
  put("provisionInstanceId", row.provisionInstanceId);
  const op = row.lastOperation;
  if (op) {
    put("lastOperationKind", op.kind);
    put("lastOperationId", op.operationId);
    put("lastOperationInstanceId", op.instanceId);
    put("lastOperationState", op.state);
    put("lastOperationStartedAt", op.startedAt);
    put("lastOperationEndedAt", op.endedAt);
    put("lastOperationFromState", op.fromState);
  }
  put("updatedAt", row.updatedAt);
  for (const field of JSON_FIELDS) {
    const value = row[field];
    if (value !== undefined) Object.assign(entity, splitJson(field, JSON.stringify(value)));
  }
  return entity;
}

/** The row of an entity; undefined for an entity that is not a cluster row (another RowKey, no state). */
export function fromClusterEntity(entity: Record<string, unknown>): ClusterRow | undefined {
  const text = (name: string) => (typeof entity[name] === "string" ? (entity[name] as string) : undefined);
  const state = text("state");
  if (entity.rowKey !== CLUSTER_ROW_KEY || !state || !isClusterState(state)) return undefined;
  const json = <T>(name: string): T | undefined => {
    const joined = joinJson(entity, name);
    return joined === undefined ? undefined : (JSON.parse(joined) as T);
  };
  const opKind = text("lastOperationKind");
  const lastOperation: LastOperation | undefined = opKind
    ? {
        kind: opKind as LastOperation["kind"],
        ...(text("lastOperationId") ? { operationId: text("lastOperationId") as string } : {}),
        instanceId: text("lastOperationInstanceId") ?? "",
        state: (text("lastOperationState") ?? "running") as LastOperation["state"],
        startedAt: text("lastOperationStartedAt") ?? "",
        ...(text("lastOperationEndedAt") ? { endedAt: text("lastOperationEndedAt") as string } : {}),
        fromState: (text("lastOperationFromState") ?? state) as ClusterState,
      }
    : undefined;
  const optional = <K extends keyof ClusterRow>(key: K, value: ClusterRow[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  const pools = json<ClusterRow["pools"]>("pools");
  return {
    requestId: text("requestId") ?? String(entity.partitionKey),
    ...optional("owner", text("owner")),
    subscriptionId: text("subscriptionId") ?? "",
    resourceGroup: text("resourceGroup") ?? "",
    clusterName: text("clusterName") ?? "",
    location: text("location") ?? "",
    specHash: text("specHash") ?? "",
    state,
    resourceIds: json<ClusterRow["resourceIds"]>("resourceIds") ?? { cluster: "", disks: [] },
    schedules: json<ClusterRow["schedules"]>("schedules") ?? [],
    ...optional("ttlHours", typeof entity.ttlHours === "number" ? entity.ttlHours : undefined),
    ...optional("expiresAt", text("expiresAt")),
    ...optional("provisionedAt", text("provisionedAt")),
    ...optional("pools", pools),
    provisionInstanceId: text("provisionInstanceId") ?? "",
    ...optional("lastOperation", lastOperation),
    updatedAt: text("updatedAt") ?? "",
  };
}

/** `name`, `name_1`, … each at most MAX_PROPERTY_CHARS long. */
export function splitJson(name: string, json: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (let i = 0, at = 0; at < json.length || i === 0; i++, at += MAX_PROPERTY_CHARS)
    parts[i === 0 ? name : `${name}_${i}`] = json.slice(at, at + MAX_PROPERTY_CHARS);
  return parts;
}

function joinJson(entity: Record<string, unknown>, name: string): string | undefined {
  if (typeof entity[name] !== "string") return undefined;
  let joined = entity[name] as string;
  for (let i = 1; typeof entity[`${name}_${i}`] === "string"; i++) joined += entity[`${name}_${i}`] as string;
  return joined;
}
