import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the CLI finds the API and the events topic. */
export interface CliSettings {
  /** The API's base URL, `…/api` included. */
  apiUrl?: string;
  apiKey?: string;
  serviceBus?: string;
  eventsTopic: string;
  /** A PEM file the HTTPS/AMQPS clients must trust (the sandbox's self-signed certificate). */
  caFile?: string;
  /** The subscription an offline plan assumes when the request names none. */
  subscriptionId?: string;
}

/** The flags that name a setting (commander's option values). */
export interface SettingFlags {
  apiUrl?: string;
  apiKey?: string;
  servicebus?: string;
}

export const DEFAULT_STATE_DIR = ".state";
export const DEFAULT_EVENTS_TOPIC = "cluster-events";

/** `KEY=value` lines (as `npm start` writes `<state dir>/env`); blank lines and `#` comments ignored. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) continue;
    values[trimmed.slice(0, eq).trim()] = trimmed.slice(eq + 1).trim();
  }
  return values;
}

/** `<state dir>/env`, or nothing when there is none (no `npm start` has run there). */
export function readEnvFile(stateDir: string): Record<string, string> {
  try {
    return parseEnvFile(readFileSync(join(stateDir, "env"), "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw e;
  }
}

/** Each setting from the flags, else the environment, else the state dir's env file. */
export function resolveSettings(
  flags: SettingFlags,
  env: Record<string, string | undefined>,
  file: Record<string, string>,
): CliSettings {
  const pick = (flag: string | undefined, key: string) => nonEmpty(flag) ?? nonEmpty(env[key]) ?? nonEmpty(file[key]);
  const apiUrl = pick(flags.apiUrl, "API_URL");
  const settings: CliSettings = { eventsTopic: pick(undefined, "EVENTS_TOPIC") ?? DEFAULT_EVENTS_TOPIC };
  if (apiUrl) settings.apiUrl = apiBase(apiUrl);
  const apiKey = pick(flags.apiKey, "API_KEY");
  if (apiKey) settings.apiKey = apiKey;
  const serviceBus = pick(flags.servicebus, "SERVICEBUS_CONNECTION_STRING");
  if (serviceBus) settings.serviceBus = serviceBus;
  const caFile = pick(undefined, "NODE_EXTRA_CA_CERTS");
  if (caFile) settings.caFile = caFile;
  const subscriptionId = pick(undefined, "AZURE_SUBSCRIPTION_ID");
  if (subscriptionId) settings.subscriptionId = subscriptionId;
  return settings;
}

/** The API base: an origin alone (`http://host:7071`) gets the Functions route prefix `/api`. */
export function apiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return new URL(trimmed).pathname === "/" ? `${trimmed}/api` : trimmed;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
