import ipaddr from "ipaddr.js";

/** An IPv4 range as ipaddr.js parses it: network address and prefix length. */
export type Ipv4Cidr = [ipaddr.IPv4, number];

/** Parses a canonical IPv4 CIDR (`10.0.0.0/16`, four-part decimal, no host bits set); undefined otherwise. */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  return cidrProblem(text) === undefined ? ipaddr.IPv4.parseCIDR(text) : undefined;
}

/** Why a string is not a canonical IPv4 CIDR, or undefined when it is one. */
export function cidrProblem(text: string): string | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return `'${text}' is not an IPv4 CIDR such as 10.0.0.0/16`;
  const [address, bits] = ipaddr.IPv4.parseCIDR(text);
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  return network === address.toString() ? undefined : `'${text}' has host bits set; did you mean ${network}/${bits}?`;
}

/** True for a dotted IPv4 address: four decimal parts 0–255, no leading zeros. */
export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner[1] >= outer[1] && inner[0].match(outer);
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a[0].match(b) || b[0].match(a);
}

/** True when `address` (dotted IPv4) is inside the range. */
export function cidrContainsAddress(range: Ipv4Cidr, address: string): boolean {
  if (!isIpv4Address(address)) return false;
  return ipaddr.IPv4.parse(address).match(range);
}

/** The range's first (network) address, dotted. */
export function firstAddress(range: Ipv4Cidr): string {
  return range[0].toString();
}

/** The address `offset` places after the network address, dotted; undefined when past the range's end. */
export function addressAt(range: Ipv4Cidr, offset: number): string | undefined {
  if (offset < 0 || offset >= cidrSize(range)) return undefined;
  const base = range[0].octets.reduce((n, octet) => n * 256 + octet, 0) + offset;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return new ipaddr.IPv4(octets).toString();
}

/** Number of addresses in the range. */
export function cidrSize(range: Ipv4Cidr): number {
  return 2 ** (32 - range[1]);
}
