import { readFileSync } from "node:fs";
import { BrokerConfigError } from "./errors.js";
import { compileRule, type MessageFilter } from "./filters.js";

/** Per-entity behaviour, resolved from the emulator's Config.json properties. */
export interface QueueSettings {
  lockDurationMs: number;
  maxDeliveryCount: number;
  defaultTtlMs: number;
  deadLetterOnExpiration: boolean;
  requiresDuplicateDetection: boolean;
  duplicateWindowMs: number;
}

/** A queue or a topic's subscription: something a receiver reads from. */
export interface QueueEntity {
  kind: "queue" | "subscription";
  /** Display path, e.g. `cluster-requests` or `cluster-events/Subscriptions/audit`. */
  path: string;
  settings: QueueSettings;
  /** Subscriptions only: a message is copied here when any rule matches. */
  filters: MessageFilter[];
}

/** A topic: accepts sends and fans out to its subscriptions. */
export interface TopicEntity {
  path: string;
  settings: QueueSettings;
  subscriptions: QueueEntity[];
}

/** Every entity of the namespace. */
export interface BrokerEntities {
  queues: QueueEntity[];
  topics: TopicEntity[];
}

// Emulator defaults (its documentation), except TTL: 14 days rather than the emulator's 1 hour.
const DEFAULTS: QueueSettings = {
  lockDurationMs: 60_000,
  maxDeliveryCount: 10,
  defaultTtlMs: 14 * 24 * 3600_000,
  deadLetterOnExpiration: false,
  requiresDuplicateDetection: false,
  duplicateWindowMs: 10 * 60_000,
};

/** Parses an ISO-8601 duration such as `PT1M`, `P14D` or `PT0.5S` into milliseconds. */
export function parseIsoDurationMs(text: string): number {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) throw new BrokerConfigError(`'${text}' is not an ISO-8601 duration`);
  const [, d, h, min, s] = m.map((v) => Number(v ?? 0));
  return Math.round((((d ?? 0) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000);
}

type Json = Record<string, unknown>;

function settingsFrom(where: string, props: Json | undefined, base: QueueSettings): QueueSettings {
  const p = props ?? {};
  const duration = (key: string, fallback: number) => {
    const v = p[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string") throw new BrokerConfigError(`${where}: ${key} must be an ISO-8601 duration string`);
    return parseIsoDurationMs(v);
  };
  if (p.RequiresSession === true) throw new BrokerConfigError(`${where}: sessions are not supported by the sandbox`);
  const maxDeliveryCount = p.MaxDeliveryCount ?? base.maxDeliveryCount;
  if (typeof maxDeliveryCount !== "number" || maxDeliveryCount < 1)
    throw new BrokerConfigError(`${where}: MaxDeliveryCount must be a positive number`);
  return {
    lockDurationMs: duration("LockDuration", base.lockDurationMs),
    maxDeliveryCount,
    defaultTtlMs: duration("DefaultMessageTimeToLive", base.defaultTtlMs),
    deadLetterOnExpiration: Boolean(p.DeadLetteringOnMessageExpiration ?? base.deadLetterOnExpiration),
    requiresDuplicateDetection: Boolean(p.RequiresDuplicateDetection ?? base.requiresDuplicateDetection),
    duplicateWindowMs: duration("DuplicateDetectionHistoryTimeWindow", base.duplicateWindowMs),
  };
}

/**
 * Loads entities from the official emulator's Config.json shape (a path, or the parsed object);
 * anything the sandbox cannot honour (sessions, unsupported SQL) is refused here, not at run time.
 */
export function loadEntities(config: string | object): BrokerEntities {
  const root = (typeof config === "string" ? JSON.parse(readFileSync(config, "utf8")) : config) as Json;
  const namespaces = (root.UserConfig as Json | undefined)?.Namespaces;
  if (!Array.isArray(namespaces) || namespaces.length === 0)
    throw new BrokerConfigError("UserConfig.Namespaces must list one namespace");
  const ns = namespaces[0] as Json;
  const names = new Set<string>();
  const unique = (name: unknown, where: string): string => {
    if (typeof name !== "string" || !/^[A-Za-z0-9][\w.-]{0,259}$/.test(name))
      throw new BrokerConfigError(`${where}: Name must be 1–260 letters, digits, '.', '-' or '_'`);
    if (names.has(name.toLowerCase())) throw new BrokerConfigError(`${where}: duplicate entity name '${name}'`);
    names.add(name.toLowerCase());
    return name;
  };
  const queues = ((ns.Queues as Json[] | undefined) ?? []).map((q, i): QueueEntity => {
    const path = unique(q.Name, `Queues[${i}]`);
    return { kind: "queue", path, settings: settingsFrom(path, q.Properties as Json, DEFAULTS), filters: [] };
  });
  const topics = ((ns.Topics as Json[] | undefined) ?? []).map((t, i): TopicEntity => {
    const path = unique(t.Name, `Topics[${i}]`);
    const settings = settingsFrom(path, t.Properties as Json, DEFAULTS);
    const seen = new Set<string>();
    const subscriptions = ((t.Subscriptions as Json[] | undefined) ?? []).map((s, j): QueueEntity => {
      const where = `${path}.Subscriptions[${j}]`;
      if (typeof s.Name !== "string" || seen.has(s.Name.toLowerCase()))
        throw new BrokerConfigError(`${where}: Name missing or duplicate`);
      seen.add(s.Name.toLowerCase());
      const rules = (s.Rules as Json[] | undefined) ?? [];
      return {
        kind: "subscription",
        path: `${path}/Subscriptions/${s.Name}`,
        // A subscription inherits the topic's TTL; duplicate detection is the topic's business.
        settings: {
          ...settingsFrom(where, s.Properties as Json, { ...DEFAULTS, defaultTtlMs: settings.defaultTtlMs }),
          requiresDuplicateDetection: false,
        },
        filters: rules.map((r, k) => compileRule(r, `${where}.Rules[${k}]`)),
      };
    });
    return { path, settings, subscriptions };
  });
  return { queues, topics };
}
