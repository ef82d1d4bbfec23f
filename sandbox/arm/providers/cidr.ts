import ipaddr from "ipaddr.js";

/** A parsed IPv4/IPv6 prefix. */
export interface Cidr {
  text: string;
  network: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
}

/** Parses `a.b.c.d/n`; undefined when malformed. */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== "string" || !text.includes("/")) return undefined;
  try {
    const [address, bits] = ipaddr.parseCIDR(text);
    const network =
      address.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
    return { text, network, bits };
  } catch {
    return undefined;
  }
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.network.kind() === inner.network.kind() &&
    inner.bits >= outer.bits &&
    inner.network.match(outer.network, outer.bits)
  );
}

/** True when the two ranges share an address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** True when an address lies inside a range. */
export function addressIn(address: unknown, range: Cidr): boolean {
  if (typeof address !== "string" || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === range.network.kind() && parsed.match(range.network, range.bits);
}
