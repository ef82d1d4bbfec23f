/** What a link address points at, after stripping any `scheme://host/` prefix (docs/specs/servicebus-amqp.md §3, §4). */
export interface ParsedAddress {
  /** Entity path without the `$management` suffix, e.g. `q`, `t/Subscriptions/s`, `q/$DeadLetterQueue`. */
  entityPath: string;
  node: "entity" | "management" | "cbs";
}

/** Parses a link source/target address as the SDK, .NET or Python clients send it. */
export function parseAddress(address: string): ParsedAddress {
  const path = address.replace(/^[a-z]+:\/\/[^/]+\//i, "").replace(/^\/+|\/+$/g, "");
  if (path.toLowerCase() === "$cbs") return { entityPath: "", node: "cbs" };
  const mgmt = /\/\$management$/i.exec(path);
  if (mgmt) return { entityPath: path.slice(0, mgmt.index), node: "management" };
  return { entityPath: path, node: "entity" };
}
