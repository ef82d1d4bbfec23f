import { readFileSync } from "node:fs";
import fc from "fast-check";

// Invalid or hostile cluster requests, generated with fast-check from examples/dev-cluster.json: each one is
// invalid by construction (a rule broken on purpose), so the only right answer is a refusal.

/** One hostile input and the refusal it must get over HTTP. */
export interface HostileInput {
  category: Category;
  /** What was broken, for a failure message. */
  what: string;
  /** The body as sent over HTTP (and, as bytes, over the queue). */
  text: string;
  /** The body as a JSON value, where sending it as one over the queue keeps the hostility (not deep, not a key). */
  value?: unknown;
  contentType: string;
  /** HTTP status and error code it must be answered with. */
  expect: {
    status: 400 | 413 | 415;
    code: "InvalidRequest" | "InvalidJson" | "RequestTooLarge" | "UnsupportedMediaType";
  };
  /** Whether the queue can carry it (under the broker's 256 KiB, and a body that is JSON's business). */
  queueable: boolean;
  /** Sent over HTTP without a declared length, in 1 MiB chunks: the app must stop at what arrives. */
  chunked?: boolean;
  /** How deep the nested value goes (deepNesting only). */
  depth?: number;
}

export type Category =
  | "wrongType"
  | "outOfRange"
  | "hugeString"
  | "hugeKey"
  | "deepNesting"
  | "protoKeys"
  | "invalidCidr"
  | "unicodeName"
  | "invalidJson"
  | "wrongContentType"
  | "tenMegabytes";

const example = JSON.parse(readFileSync(new URL("../../examples/dev-cluster.json", import.meta.url), "utf8"));
const JSON_TYPE = "application/json";
const QUEUE_MAX_BYTES = 200_000;

const STRING_FIELDS = [
  "requestId",
  "requester",
  "resourceGroup",
  "location",
  "tags.env",
  "cluster.name",
  "cluster.kubernetesVersion",
  "cluster.skuTier",
  "cluster.networkPlugin",
  "cluster.podCidr",
  "cluster.dnsServiceIP",
  "network.kind",
  "network.vnetName",
  "network.subnetPrefix",
  "registry.name",
  "registry.sku",
  "disks.0.name",
  "disks.0.sku",
  "nodePools.0.name",
  "nodePools.0.mode",
  "nodePools.0.vmSize",
  "schedules.0.schedule",
  "schedules.0.timeZone",
  "onFailure",
];
const NUMBER_FIELDS = ["disks.0.sizeGb", "nodePools.0.count", "nodePools.1.count", "ttlHours"];
const OBJECT_FIELDS = ["tags", "cluster", "network", "registry", "nodePools.1.labels", "schedules.0.action"];
const ARRAY_FIELDS = ["network.addressPrefixes", "disks", "nodePools", "schedules"];
const CIDR_FIELDS = ["cluster.podCidr", "cluster.serviceCidr", "network.subnetPrefix", "network.addressPrefixes.0"];
/** Names Azure takes in ASCII only. */
const ASCII_NAMES = ["requestId", "cluster.name", "registry.name", "nodePools.0.name", "nodePools.1.name"];
const NAMES = [...ASCII_NAMES, "resourceGroup", "network.vnetName", "network.subnetName", "disks.0.name"];
const CONTAINERS = ["", "cluster", "network", "registry", "nodePools.0", "disks.0"];

let counter = 0;
/** The example under a request id of its own, so one wrongly accepted would show as a run. */
function base(): Record<string, unknown> {
  counter++;
  return { ...structuredClone(example), requestId: `CHG-HOSTILE-${process.pid}-${counter}` };
}

function withValue(path: string, value: unknown): Record<string, unknown> {
  const body = base();
  const keys = path.split(".");
  let node = body as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
  return body;
}

/** The example's JSON text with `path` replaced by raw JSON text (deep nesting, magic keys). */
function withText(path: string, raw: (original: unknown) => string): string {
  const body = base();
  if (path === "") return raw(body);
  let original: unknown = body;
  for (const k of path.split(".")) original = (original as Record<string, unknown>)[k];
  return JSON.stringify(withValue(path, "\u0000SLOT\u0000")).replace('"\\u0000SLOT\\u0000"', () => raw(original));
}

function invalid(category: Category, what: string, value: unknown): HostileInput {
  const text = JSON.stringify(value);
  return {
    category,
    what,
    text,
    value,
    contentType: JSON_TYPE,
    expect: { status: 400, code: "InvalidRequest" },
    queueable: fitsTheQueue(text),
  };
}

const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
const notANumber = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer().map(String),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
);
const notAnObject = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));

const wrongType = fc
  .oneof(
    fc.tuple(fc.constantFrom(...STRING_FIELDS), notAString),
    fc.tuple(fc.constantFrom(...NUMBER_FIELDS), notANumber),
    fc.tuple(fc.constantFrom(...OBJECT_FIELDS), fc.oneof(notAnObject, fc.array(fc.integer(), { maxLength: 2 }))),
    fc.tuple(fc.constantFrom(...ARRAY_FIELDS), fc.oneof(notAnObject, fc.constant({ 0: "a" }))),
  )
  .map(([path, value]) => invalid("wrongType", `${path} = ${JSON.stringify(value)}`, withValue(path, value)));

/** A body that is not an object at all. */
const wrongBody = fc
  .oneof(
    fc.constantFrom<unknown>([], null, true, 0, "CHG-1", {}),
    fc.array(fc.constant(example), { minLength: 1, maxLength: 2 }),
  )
  .map((value) => invalid("wrongType", `the body is ${JSON.stringify(value).slice(0, 40)}`, value));

const outOfRange = fc
  .tuple(
    fc.constantFrom(...NUMBER_FIELDS),
    fc.oneof(
      fc.integer({ min: -1_000_000, max: -1 }),
      fc.integer({ min: 100_000, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(0.5, 1e308, -0.5),
    ),
  )
  .filter(([path, n]) => !(path === "nodePools.1.count" && n === 0))
  .map(([path, n]) => invalid("outOfRange", `${path} = ${n}`, withValue(path, n)));

// At least 1,000 characters, past every field's limit (the longest, requester, takes 256, counted in code points:
// 1,000 bytes of emoji are only 250), and up to 900 kB of UTF-8, so the body stays under the 1 MiB limit and
// reaches the rules.
const hugeString = fc
  .tuple(
    fc.constantFrom(...STRING_FIELDS),
    fc.integer({ min: 1_000, max: 900_000 }),
    fc.constantFrom("a", "9", "é", "-", "\u{1F600}"),
  )
  .map(([path, bytes, c]) => {
    const n = Math.max(1_000, Math.floor(bytes / Buffer.byteLength(c)));
    return invalid("hugeString", `${path} = ${n} × ${JSON.stringify(c)}`, withValue(path, c.repeat(n)));
  });

// An unknown field named by up to 150 kB of UTF-8: the refusal names the field, and must stay small enough to
// send back (a rejection event holding the name twice would pass the broker's 256 KiB).
const hugeKey = fc
  .tuple(
    fc.constantFrom(...CONTAINERS),
    fc.integer({ min: 1_000, max: 150_000 }),
    fc.constantFrom("k", "é", "\u{1F600}"),
  )
  .map(([path, bytes, c]) => {
    const n = Math.floor(bytes / Buffer.byteLength(c));
    const key = c.repeat(n);
    const body = base();
    let node = body;
    for (const k of path ? path.split(".") : []) node = node[k] as Record<string, unknown>;
    node[key] = 1;
    const what = `${path || "the body"} with an unknown field named ${n} × ${JSON.stringify(c)}`;
    return invalid("hugeKey", what, body);
  });

/** `path` (the body when "") replaced by a value nested `depth` deep in objects or arrays. */
function nested(path: string, depth: number, arrays: boolean): HostileInput {
  const nest = arrays ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  const text = path === "" ? nest : withText(path, () => nest);
  return {
    category: "deepNesting",
    what: `${path || "the body"} nested ${depth} deep in ${arrays ? "arrays" : "objects"}`,
    text,
    contentType: JSON_TYPE,
    expect: { status: 400, code: "InvalidRequest" },
    queueable: fitsTheQueue(text),
    depth,
  };
}

// `operation` is the queue's envelope field; over HTTP it is an unknown field like any other.
const deepNesting = fc
  .tuple(
    fc.constantFrom("", "operation", ...STRING_FIELDS, ...OBJECT_FIELDS, ...ARRAY_FIELDS),
    fc.integer({ min: 64, max: 60_000 }),
    fc.boolean(),
  )
  .map(([path, depth, arrays]) => nested(path, depth, arrays));

/**
 * Bodies nested past what JSON.stringify survives (about 5,000 levels on Node 20's default stack), sent over the
 * queue in every run whatever the seed: each must get its rejection event, not a dead-letter.
 */
export function deepOverQueue(): HostileInput[] {
  return [
    nested("", 20_000, false),
    nested("operation", 50_000, true),
    nested("cluster", 60_000, true),
    nested("tags.env", 10_000, false),
  ];
}

/** A container's content moved under `__proto__`, `constructor` or `prototype`: what the rules need is not its own. */
const protoKeys = fc
  .tuple(fc.constantFrom(...CONTAINERS), fc.constantFrom("__proto__", "constructor", "prototype"), fc.boolean())
  .map(([path, key, pollute]): HostileInput => {
    const text = withText(path, (original) => {
      const inner = key === "constructor" ? `{"prototype":${JSON.stringify(original)}}` : JSON.stringify(original);
      return `{${pollute ? `"__proto__":{"isAdmin":true,"polluted":"yes"},` : ""}"${key}":${inner}}`;
    });
    return {
      category: "protoKeys",
      what: `${path || "the body"} moved under "${key}"${pollute ? " beside a polluting __proto__" : ""}`,
      text,
      contentType: JSON_TYPE,
      expect: { status: 400, code: "InvalidRequest" },
      queueable: true,
    };
  });

const badCidr = fc.oneof(
  fc.integer({ min: 256, max: 999 }).map((o) => `${o}.0.0.0/16`),
  fc.integer({ min: 33, max: 999 }).map((n) => `10.0.0.0/${n}`),
  fc.integer({ min: 0, max: 255 }).map((o) => `10.${o}.0.0`),
  fc.constantFrom("10.0.0.0/-1", "10.0.0/16", "10.0.0.0.0/16", "10.0.0.0 /16", "10.0.0.0/16\n", "", "/16", "any"),
  fc.string({ maxLength: 20 }).filter((s) => !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s)),
);
const invalidCidr = fc.oneof(
  fc
    .tuple(fc.constantFrom(...CIDR_FIELDS), badCidr)
    .map(([path, cidr]) => invalid("invalidCidr", `${path} = ${JSON.stringify(cidr)}`, withValue(path, cidr))),
  // Well-formed but breaking containment or overlap.
  fc
    .constantFrom<[string, string]>(
      ["network.subnetPrefix", "10.99.0.0/24"],
      ["network.subnetPrefix", "10.0.0.0/8"],
      ["cluster.podCidr", "10.10.0.0/16"],
      ["cluster.serviceCidr", "10.10.128.0/17"],
      ["cluster.dnsServiceIP", "10.3.0.10"],
      ["cluster.dnsServiceIP", "10.2.0.300"],
    )
    .map(([path, cidr]) => invalid("invalidCidr", `${path} = ${cidr}`, withValue(path, cidr))),
);

const CONTROL = [..."\u0000\u0001\u0007\b\t\n\r\u001b\u001f\u007f"];
const unicodeName = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.constantFrom(...CONTROL),
      fc.string({ unit: "grapheme", maxLength: 12 }),
    )
    .map(([path, a, c, b]) => invalid("unicodeName", `${path} with a control character`, withValue(path, a + c + b))),
  fc
    .tuple(
      fc.constantFrom(...ASCII_NAMES),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).filter((s) => /[^\x20-\x7e]/.test(s)),
    )
    .map(([path, name]) => invalid("unicodeName", `${path} = ${JSON.stringify(name)}`, withValue(path, name))),
);

const exampleText = JSON.stringify(example);
const invalidJson = fc
  .oneof(
    fc.integer({ min: 1, max: exampleText.length - 1 }).map((i) => exampleText.slice(0, i)),
    fc.string({ maxLength: 40 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
    fc.constantFrom(
      "{'requestId': 'CHG-1'}",
      '{"requestId":"CHG-1",}',
      "NaN",
      '{"requestId": undefined}',
      `// comment\n${exampleText}`,
      `\uFEFF${exampleText}`,
      exampleText.replace('"dev.lead', '"dev\u0001lead'),
      `${exampleText}}`,
      `${exampleText}${exampleText}`,
    ),
  )
  .map(
    (text): HostileInput => ({
      category: "invalidJson",
      what: `not JSON: ${JSON.stringify(text.slice(0, 40))}`,
      text,
      contentType: JSON_TYPE,
      expect: { status: 400, code: "InvalidJson" },
      queueable: true,
    }),
  );

// A valid request under a type that cannot carry JSON: refused before it is read. `+json` types, no type and
// curl's form type are read as JSON by design (src/functions/http/readJsonBody.ts), so they are not generated.
const token = fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/);
const wrongContentType = fc
  .oneof(
    fc.constantFrom(
      "text/plain",
      "text/plain; charset=utf-8",
      "text/html",
      "text/csv",
      "application/xml",
      "text/xml",
      "multipart/form-data; boundary=x",
      "application/octet-stream",
      "image/png",
      "application/javascript",
      "application/jsonl",
      "application/json5",
    ),
    fc.tuple(token, token).map(([t, s]) => `${t}/${s}`),
  )
  .filter(
    (type) =>
      !/^(application|text)\/([\w.+-]+\+)?json\s*(;|$)/i.test(type) &&
      !/^application\/x-www-form-urlencoded/i.test(type),
  )
  .map(
    (contentType): HostileInput => ({
      category: "wrongContentType",
      what: `a valid request sent as ${contentType}`,
      text: JSON.stringify(base()),
      contentType,
      expect: { status: 415, code: "UnsupportedMediaType" },
      queueable: false,
    }),
  );

/** Any hostile input but the 10 MB ones, weighted toward what the rules check field by field. */
export const hostileInput: fc.Arbitrary<HostileInput> = fc.oneof(
  { arbitrary: wrongType, weight: 4 },
  { arbitrary: wrongBody, weight: 1 },
  { arbitrary: outOfRange, weight: 1 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: hugeKey, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: protoKeys, weight: 2 },
  { arbitrary: invalidCidr, weight: 2 },
  { arbitrary: unicodeName, weight: 2 },
  { arbitrary: invalidJson, weight: 2 },
  { arbitrary: wrongContentType, weight: 1 },
);

/** A 10 MB body (a request id and padding): refused at its declared length, or by what arrived when chunked. */
export function tenMegabytes({ chunked }: { chunked: boolean }): HostileInput {
  const padding = "x".repeat(10 * 1024 * 1024);
  return {
    category: "tenMegabytes",
    what: `a 10 MB body${chunked ? ", chunked" : ""}`,
    text: `{"requestId":"CHG-HUGE-${process.pid}","padding":"${padding}"}`,
    contentType: JSON_TYPE,
    expect: { status: 413, code: "RequestTooLarge" },
    queueable: false,
    chunked,
  };
}

/** Bytes, not characters: a string of "é" is twice its length in UTF-8, and the broker counts bytes. */
function fitsTheQueue(text: string): boolean {
  return Buffer.byteLength(text, "utf8") <= QUEUE_MAX_BYTES;
}
