import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { apiRoutes } from "../request/apiRoutes.js";

/**
 * The page's files ship as they are (no build step): `src/ui/` of the app's root, found from this module's folder
 * upwards, so it is found from the sources (devhost, tsx: `src/functions/`) and compiled (`dist/src/functions/`;
 * `tsc` does not copy the files, and `.funcignore` keeps `src/ui/`, so they deploy).
 */
const UI_DIR = ancestors(dirname(fileURLToPath(import.meta.url)))
  .map((dir) => join(dir, "src", "ui"))
  .find((dir) => existsSync(join(dir, "index.html")));

function ancestors(dir: string): string[] {
  const parent = dirname(dir);
  return parent === dir ? [dir] : [dir, ...ancestors(parent)];
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

/** Scripts and styles from this origin only (no inline script, no eval); the API is on the same origin. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** The path's file inside the page's folder, or undefined for anything else (unknown type, `..`, absolute). */
export function uiFile(path: string, dir = UI_DIR): string | undefined {
  if (!dir) return undefined;
  const name = path === "" ? "index.html" : path;
  if (name.includes("\0") || name.includes("\\") || !CONTENT_TYPES[extname(name)]) return undefined;
  const file = resolve(dir, name);
  return file.startsWith(resolve(dir) + sep) ? file : undefined;
}

/** `GET /api/ui/{*path}`: the status page's static files, anonymous (they hold no key), 404 for anything else. */
export async function statusPage(req: HttpRequest): Promise<HttpResponseInit> {
  const file = uiFile(req.params.path ?? "");
  const body = file ? await readFile(file).catch(() => undefined) : undefined;
  if (!file || !body)
    return { status: 404, headers: { ...SECURITY_HEADERS, "content-type": "text/plain" }, body: "not found" };
  return {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    },
    body,
  };
}

const { name, route, method, authLevel } = apiRoutes.statusPage;
app.http(name, { route, methods: [method], authLevel, handler: statusPage });
