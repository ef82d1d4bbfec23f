/** An ARM resource body on the wire: `{id,name,type,location?,tags?,properties?,...}`. */
export type ArmBody = Record<string, unknown> & { id: string; name: string; type: string };

/** One stored resource: its wire body plus sandbox-only state clients never see. */
export interface StoredResource {
  /** Resource id in the casing first created; the store key is its lower case. */
  id: string;
  /** Full type, e.g. `Microsoft.ContainerService/managedClusters/agentPools`. */
  type: string;
  subscriptionId: string;
  /** Resource group name; empty for subscription-level resources. */
  resourceGroup: string;
  /** Lower-case id of the parent resource for child resources (subnets, pools, replications). */
  parentKey?: string;
  body: ArmBody;
  /** Sandbox-only state (tokens, node lists, timestamps). */
  internal: Record<string, unknown>;
}

/** Terminal and running states of an asynchronous operation, as the status URL reports them. */
export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** One asynchronous ARM operation; it completes lazily when the sandbox clock passes `dueAtMs`. */
export interface StoredOperation {
  id: string;
  subscriptionId: string;
  /** Effect applied on completion, looked up by name so operations survive restarts. */
  kind: string;
  /** Lower-case key of the resource the operation acts on. */
  resourceKey: string;
  /** HTTP method of the initial request. */
  method: string;
  startedAtMs: number;
  dueAtMs: number;
  status: OperationStatus;
  endedAtMs?: number;
  /** Set when the operation is to fail (or has failed). */
  error?: { code: string; message: string };
  /** Shape of the status body: `arm` (name/status/times) or `acr` (`{status}` only). */
  statusStyle: "arm" | "acr";
  /** Idempotency: the x-ms-client-request-id of the request that started it. */
  clientRequestId?: string;
  /** Operation-specific data for the completion effect. */
  data: Record<string, unknown>;
}

/** Where the sandbox keeps resources and operations; the journaled implementation persists both. */
export interface ArmStore {
  getResource(id: string): StoredResource | undefined;
  putResource(resource: StoredResource): void;
  deleteResource(id: string): void;
  /** Resources whose lower-case id starts with `prefix` (lower-cased here). */
  listResources(filter?: { prefix?: string; type?: string; parentKey?: string }): StoredResource[];
  getOperation(id: string): StoredOperation | undefined;
  putOperation(operation: StoredOperation): void;
  listOperations(): StoredOperation[];
  /** A small named value kept with the state (clock, settings). */
  getMeta<T>(key: string): T | undefined;
  setMeta(key: string, value: unknown): void;
  /** Forgets everything. */
  clear(): void;
  /** Writes a compact snapshot and releases files. */
  close(): void;
}

/** The store key of an id: lower case, one slash between segments, no trailing slash. */
export function resourceKey(id: string): string {
  return id.toLowerCase().replace(/\/+/g, "/").replace(/\/$/, "");
}
