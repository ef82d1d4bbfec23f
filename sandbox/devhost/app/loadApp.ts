import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { installCoreModule, registry } from "./coreApi.js";

function segmentRegex(segment: string): RegExp {
  const body = segment
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

/** Expands a package.json `main` pattern (`*`, `?` and `**` segments) relative to `dir`. */
export function expandGlob(dir: string, pattern: string): string[] {
  const parts = pattern.replace(/^\.\//, "").split("/");
  const out: string[] = [];
  const walk = (base: string, i: number): void => {
    if (i === parts.length) {
      if (existsSync(base) && statSync(base).isFile()) out.push(base);
      return;
    }
    const part = parts[i] as string;
    if (part === "**") {
      walk(base, i + 1);
      for (const e of safeList(base)) if (e.isDirectory() && e.name !== "node_modules") walk(join(base, e.name), i);
      return;
    }
    if (!/[*?]/.test(part)) {
      walk(join(base, part), i + 1);
      return;
    }
    const re = segmentRegex(part);
    for (const e of safeList(base)) if (re.test(e.name)) walk(join(base, e.name), i + 1);
  };
  walk(dir, 0);
  return [...new Set(out)].sort();
}

function safeList(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Node without a TypeScript loader refuses `.ts` files with this code; the fix is to run under tsx. */
function typeScriptHint(file: string, err: unknown): string {
  const code = (err as { code?: string })?.code;
  return /\.[cm]?ts$/.test(file) && code === "ERR_UNKNOWN_FILE_EXTENSION"
    ? "\nTypeScript sources load only in a process started with `node --import tsx` (or `tsx`)."
    : "";
}

/** Error thrown when the app cannot be loaded. */
export class AppLoadError extends Error {
  override name = "AppLoadError";
}

/**
 * Loads the app the way the Node worker does: every file matched by package.json `main` (or by `mainOverride`, a
 * glob relative to `appDir`), imported by Node's own loader, after the core module is in place so registrations
 * are captured.
 */
export async function loadApp(appDir: string, mainOverride?: string): Promise<string[]> {
  installCoreModule();
  const pkgPath = join(appDir, "package.json");
  if (!existsSync(pkgPath)) throw new AppLoadError(`No package.json in ${appDir}`);
  const main = mainOverride ?? (JSON.parse(readFileSync(pkgPath, "utf8")) as { main?: string }).main ?? "index.js";
  const origin = mainOverride === undefined ? "package.json main" : "main";
  const files = expandGlob(appDir, main);
  if (files.length === 0) throw new AppLoadError(`${origin} '${main}' matches no file under ${appDir}`);
  for (const file of files) {
    try {
      await import(pathToFileURL(file).href);
    } catch (err) {
      const name = relative(appDir, file).split(sep).join("/");
      throw new AppLoadError(`Loading ${name} failed: ${(err as Error).stack ?? err}${typeScriptHint(file, err)}`);
    }
  }
  if (!registry.programmingModel && registry.functions.size === 0) {
    throw new AppLoadError("The app registered no functions (does it import @azure/functions from the app directory?)");
  }
  return files;
}
