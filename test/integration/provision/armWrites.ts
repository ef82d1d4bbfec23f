import type { ArmSandbox } from "../../../sandbox/arm/index.js";

/** The writes (PUT/PATCH/DELETE, and POSTs other than reads-in-disguise) the sandbox logged, as `METHOD id`. */
export async function loggedWrites(arm: ArmSandbox): Promise<string[]> {
  const { value } = await arm.control.calls();
  return value
    .filter((c) => c.method !== "GET" && c.method !== "HEAD" && !/\/checkNameAvailability$/i.test(c.path))
    .map((c) => `${c.method} ${c.path.toLowerCase()}`);
}

/** The resource ids of a set of logged writes with `method`, in log order. */
export function idsOf(writes: string[], method = "PUT"): string[] {
  return writes.filter((w) => w.startsWith(`${method} `)).map((w) => w.slice(method.length + 1));
}
