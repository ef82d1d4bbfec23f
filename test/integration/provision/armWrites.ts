import type { ArmSandbox } from "../../../sandbox/arm/index.js";

/**
 * The writes the sandbox logged, as `METHOD id`: PUT/PATCH/DELETE and POST actions, but not the POSTs that only
 * read (`checkNameAvailability`, `list…Credential(s)`).
 */
export async function loggedWrites(arm: ArmSandbox): Promise<string[]> {
  const { value } = await arm.control.calls();
  return value
    .filter(
      (c) =>
        c.method !== "GET" && c.method !== "HEAD" && !/\/(checkNameAvailability|list\w*Credentials?)$/i.test(c.path),
    )
    .map((c) => `${c.method} ${c.path.toLowerCase()}`);
}

/** The resource ids of a set of logged writes with `method`, in log order. */
export function idsOf(writes: string[], method = "PUT"): string[] {
  return writes.filter((w) => w.startsWith(`${method} `)).map((w) => w.slice(method.length + 1));
}
