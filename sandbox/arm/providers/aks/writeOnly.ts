/**
 * Secrets a managed-cluster PUT may carry and ARM never returns ([path, field] in `properties`):
 * they are dropped before the body is stored, so no GET, list, PUT response or state dump shows them.
 */
const WRITE_ONLY: [path: string, field: string][] = [
  ["windowsProfile", "adminPassword"],
  ["servicePrincipalProfile", "secret"],
  ["aadProfile", "serverAppSecret"],
];

/** A copy of cluster `properties` without the write-only secrets (`adminUsername` and the rest stay). */
export function withoutSecrets(properties: Record<string, unknown>): Record<string, unknown> {
  const out = { ...properties };
  for (const [path, field] of WRITE_ONLY) {
    const holder = out[path];
    if (typeof holder !== "object" || holder === null || !(field in holder)) continue;
    const { [field]: _secret, ...rest } = holder as Record<string, unknown>;
    out[path] = rest;
  }
  return out;
}
