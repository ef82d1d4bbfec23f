import { createHash } from "node:crypto";

/** A Kubernetes object as the sandbox serves it: metadata plus whatever the kind carries. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A stable UUID-shaped uid from a seed (the same object keeps its uid across requests). */
export function uidOf(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** RFC 3339 timestamp of a sandbox instant. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
