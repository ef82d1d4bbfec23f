import { createHash } from "node:crypto";
import type { ClusterRequest } from "./clusterRequest.js";

/**
 * A fingerprint of a validated request: SHA-256 over its JSON with keys sorted, so the same request sent
 * with fields in another order (or with defaults spelled out) hashes the same, and any change does not.
 */
export function requestHash(request: ClusterRequest): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
