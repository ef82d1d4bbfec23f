import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The local keys file (`<stateDir>/keys.json`), shaped like the host's secrets. */
export interface HostKeys {
  masterKey: string;
  /** Host-level function keys (valid for every function-level function). */
  functionKeys: Record<string, string>;
  /** Per-function keys: function name → key name → key. */
  perFunction: Record<string, Record<string, string>>;
}

const newKey = () => randomBytes(30).toString("base64url");

/** Loads the keys file, creating it with fresh keys on first use; without a dir the keys live in memory. */
export function loadOrCreateKeys(dir: string | undefined): HostKeys {
  const path = dir ? join(dir, "keys.json") : undefined;
  if (path && existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as HostKeys;
  const keys: HostKeys = { masterKey: newKey(), functionKeys: { default: newKey() }, perFunction: {} };
  if (dir && path) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  return keys;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether `key` satisfies `authLevel` for `functionName` (admin: master only; function: any function/host key). */
export function authorize(keys: HostKeys, authLevel: string, functionName: string, key: string | undefined): boolean {
  const level = authLevel.toLowerCase();
  if (level === "anonymous") return true;
  if (!key) return false;
  if (same(key, keys.masterKey)) return true;
  if (level === "admin") return false;
  const candidates = [
    ...Object.values(keys.functionKeys),
    ...Object.values(keys.perFunction[functionName.toLowerCase()] ?? keys.perFunction[functionName] ?? {}),
  ];
  return candidates.some((k) => same(key, k));
}
