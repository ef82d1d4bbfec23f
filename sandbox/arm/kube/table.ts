import type { KubeObject } from "./kubeObject.js";

// Server-side printing as kubectl asks for it (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io,…`):
// the columns `kubectl get` shows for the kinds the sandbox serves.

interface Column {
  name: string;
  type: "string" | "integer" | "date";
  format?: string;
  priority?: number;
  cell: (o: KubeObject, now: number) => string | number;
}

// biome-ignore lint/suspicious/noExplicitAny: cells read nested status fields of objects this sandbox built
type Any = Record<string, any>;

const age: Column = {
  name: "Age",
  type: "string",
  cell: (o, now) => humanDuration(now - Date.parse(o.metadata.creationTimestamp)),
};
const name: Column = { name: "Name", type: "string", format: "name", cell: (o) => o.metadata.name };
const none = "<none>";

const COLUMNS: Record<string, Column[]> = {
  Node: [
    name,
    {
      name: "Status",
      type: "string",
      cell: (o) =>
        (o.status as Any).conditions.find((c: Any) => c.type === "Ready")?.status === "True" ? "Ready" : "NotReady",
    },
    { name: "Roles", type: "string", cell: () => none },
    age,
    { name: "Version", type: "string", cell: (o) => (o.status as Any).nodeInfo.kubeletVersion },
    {
      name: "Internal-IP",
      type: "string",
      priority: 1,
      cell: (o) => (o.status as Any).addresses.find((a: Any) => a.type === "InternalIP")?.address ?? none,
    },
    { name: "External-IP", type: "string", priority: 1, cell: () => none },
    { name: "OS-Image", type: "string", priority: 1, cell: (o) => (o.status as Any).nodeInfo.osImage },
    { name: "Kernel-Version", type: "string", priority: 1, cell: (o) => (o.status as Any).nodeInfo.kernelVersion },
    {
      name: "Container-Runtime",
      type: "string",
      priority: 1,
      cell: (o) => (o.status as Any).nodeInfo.containerRuntimeVersion,
    },
  ],
  Pod: [
    name,
    {
      name: "Ready",
      type: "string",
      cell: (o) => {
        const s = (o.status as Any).containerStatuses as Any[];
        return `${s.filter((c) => c.ready).length}/${s.length}`;
      },
    },
    {
      name: "Status",
      type: "string",
      cell: (o) => {
        const s = o.status as Any;
        return s.phase === "Running" ? "Running" : (s.containerStatuses[0]?.state?.waiting?.reason ?? s.phase);
      },
    },
    { name: "Restarts", type: "integer", cell: () => 0 },
    age,
    { name: "IP", type: "string", priority: 1, cell: (o) => (o.status as Any).podIP ?? none },
    { name: "Node", type: "string", priority: 1, cell: (o) => (o.spec as Any).nodeName ?? none },
    { name: "Nominated Node", type: "string", priority: 1, cell: () => none },
    { name: "Readiness Gates", type: "string", priority: 1, cell: () => none },
  ],
  Namespace: [name, { name: "Status", type: "string", cell: (o) => (o.status as Any).phase }, age],
};

/** True when the client asked for a Table (kubectl get does; it falls back to the plain list otherwise). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((range) => /;\s*as=Table/.test(range) && /;\s*g=meta\.k8s\.io/.test(range));
}

/** A `meta.k8s.io/v1` Table of objects of one kind; rows carry the object's metadata unless `includeObject` says otherwise. */
export function toTable(
  kind: string,
  items: KubeObject[],
  now: number,
  resourceVersion: string,
  includeObject: string | null,
) {
  const columns = COLUMNS[kind] ?? [name, age];
  const object = (o: KubeObject) => {
    if (includeObject === "None") return undefined;
    if (includeObject === "Object") return o;
    return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata };
  };
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: "",
      priority: c.priority ?? 0,
    })),
    rows: items.map((o) => ({ cells: columns.map((c) => c.cell(o, now)), object: object(o) })),
  };
}

/** Kubernetes' `duration.HumanDuration`: 45s, 3m12s, 40m, 5h3m, 20h, 3d4h, 40d, 2y10d. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 730) return `${d}d`;
  const y = Math.floor(d / 365);
  return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
}
