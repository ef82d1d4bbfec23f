// Fixtures for the src/request tests: a rich valid request and a path setter for one-rule variations.
import type { ClusterRequestInput } from "../../../src/request/index.js";

/** Subscription the tests plan with when a request names none. */
export const TEST_SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";

/** A valid request touching every area (new VNet, new ACR, a disk, three pools, a schedule). */
export function aClusterRequest(): ClusterRequestInput {
  return {
    requestId: "CHG-42",
    resourceGroup: "rg-test",
    location: "westeurope",
    tags: { env: "test" },
    cluster: {
      name: "c1",
      networkPlugin: "azure-overlay",
      networkPolicy: "azure",
      podCidr: "192.168.0.0/16",
      serviceCidr: "10.2.0.0/16",
      dnsServiceIP: "10.2.0.10",
    },
    network: { kind: "new", addressPrefixes: ["10.10.0.0/16"], subnetPrefix: "10.10.0.0/22" },
    registry: { kind: "new", name: "testacr42", sku: "Basic" },
    disks: [{ name: "data1", sizeGb: 32 }],
    nodePools: [
      { name: "system", mode: "System", count: 1 },
      { name: "apps", mode: "User", count: 2 },
      { name: "batch", mode: "User", count: 1 },
    ],
    schedules: [
      { schedule: "0 0 20 * * 1-5", timeZone: "Europe/Berlin", action: { kind: "scale", pools: { apps: 0 } } },
    ],
  };
}

/**
 * A copy of `base` with values set at paths such as `nodePools[1].name` (`undefined` deletes the key).
 * Test-only convenience; the paths are the same spelling problems use.
 */
export function withValues(base: unknown, values: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, unknown>;
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split(/\.|\[|\]\.?/).filter((k) => k !== "");
    let target = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }
    const last = keys.at(-1) as string;
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return copy;
}

/** Recursively collects every key named `key` in a JSON value, with its path. */
export function findKeys(value: unknown, key: string, path = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key ? [`${path}.${k}`] : []),
    ...findKeys(v, key, `${path}.${k}`),
  ]);
}
