import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The parts of host.json the devhost honours. */
export interface HostSettings {
  routePrefix: string;
  hubName: string;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
  serviceBusMaxConcurrentCalls: number;
  /** From `functionTimeout`; undefined means no limit. */
  functionTimeoutMs: number | undefined;
}

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  // host.json and local.settings.json are commonly written with comments-free JSON; strip a BOM just in case.
  return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")) as Record<string, unknown>;
}

/** Reads local.settings.json `Values` (missing file → empty). */
export function readLocalSettings(appDir: string): Record<string, string> {
  const values = (readJson(join(appDir, "local.settings.json")).Values ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}

/** Error for a `%Name%` expression whose setting is missing. */
export class AppSettingError extends Error {
  override name = "AppSettingError";
}

/** Replaces `%Name%` app-setting expressions, as the host does for binding values and host.json. */
export function resolveExpression(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/%([^%]+)%/g, (whole, name: string) => {
    const v = env[name];
    if (v === undefined) {
      throw new AppSettingError(
        `App setting '${name}' referenced by '${whole}' is not defined (set it in local.settings.json Values or the environment)`,
      );
    }
    return v;
  });
}

/** Parses a .NET TimeSpan ("[d.]hh:mm:ss[.fff]") into milliseconds. */
export function parseTimeSpanMs(text: string): number {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) throw new Error(`Invalid TimeSpan '${text}'`);
  const ms = ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60_000 + Number(m[5]) * 1000;
  return m[1] ? -ms : ms;
}

/** Reads host.json with `%Setting%` expressions resolved from `env`. */
export function readHostSettings(appDir: string, env: Record<string, string | undefined>): HostSettings {
  const host = readJson(join(appDir, "host.json"));
  const ext = (host.extensions ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const str = (v: unknown, d: string) => (typeof v === "string" ? resolveExpression(v, env) : d);
  const num = (v: unknown, d: number) => (typeof v === "number" ? v : typeof v === "string" ? Number(v) : d);
  const timeout = host.functionTimeout;
  return {
    routePrefix: str(ext.http?.routePrefix, "api").replace(/^\/+|\/+$/g, ""),
    hubName: str(ext.durableTask?.hubName, "TestHubName"),
    maxConcurrentActivityFunctions: num(ext.durableTask?.maxConcurrentActivityFunctions, 10),
    maxConcurrentOrchestratorFunctions: num(ext.durableTask?.maxConcurrentOrchestratorFunctions, 10),
    serviceBusMaxConcurrentCalls: num(ext.serviceBus?.maxConcurrentCalls, 16),
    functionTimeoutMs: typeof timeout === "string" && timeout !== "-1" ? parseTimeSpanMs(timeout) : undefined,
  };
}
