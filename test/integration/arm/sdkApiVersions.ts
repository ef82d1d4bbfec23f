import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// The installed SDKs' api-versions, read from their published code as docs/specs/arm.md §1 describes, so that an
// SDK upgrade that moves to a version the sandbox refuses fails here rather than in a flow test.

const require = createRequire(import.meta.url);
const VERSION = String.raw`"(\d{4}-\d{2}-\d{2}(?:-[a-z]+)?)"`;

function packageDir(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

function matches(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1] as string);
}

/**
 * The versions a modular (TypeSpec) SDK sends for one operation group: hard-coded per operation
 * (`"api%2Dversion": "…"`) or the client's default (`apiVersion ?? "…"`), found in the group's
 * operations or, when they only read `context.apiVersion`, in the client context.
 */
export function modularVersions(pkg: string, group: string): string[] {
  const api = join(packageDir(pkg), "dist", "commonjs", "api");
  const pattern = new RegExp(
    String.raw`(?:api%2Dversion"|apiVersion)\s*(?::|\?\?)\s*(?:context\.apiVersion\s*\?\?\s*)?${VERSION}`,
    "g",
  );
  const found = matches(readFileSync(join(api, group, "operations.js"), "utf8"), pattern);
  if (found.length) return [...new Set(found)];
  const context = readdirSync(api).find((f) => f.endsWith("Context.js"));
  if (!context) throw new Error(`${pkg}: no api-version in ${group} and no client context`);
  return [...new Set(matches(readFileSync(join(api, context), "utf8"), pattern))];
}

/**
 * The version an older (core-client, "HLC") SDK sends on the operation whose path ends with
 * `pathSuffix`: the `defaultValue` of the api-version parameter that operation's spec names.
 */
export function hlcVersion(pkg: string, file: string, pathSuffix: string): string {
  const text = readFileSync(join(packageDir(pkg), file), "utf8");
  const spec = new RegExp(
    String.raw`path: "[^"]*${pathSuffix}",[\s\S]*?queryParameters: \[[^\]]*?(apiVersion\d*)\b`,
  ).exec(text);
  const param = spec?.[1];
  if (!param) throw new Error(`${pkg}: no operation on ${pathSuffix}`);
  const value = new RegExp(String.raw`const ${param} = \{[\s\S]*?defaultValue: ${VERSION}`).exec(text)?.[1];
  if (!value) throw new Error(`${pkg}: no default for ${param}`);
  return value;
}

/** The default of a client that sets `this.apiVersion = options.apiVersion || "…"` (arm-msi). */
export function clientDefaultVersion(pkg: string, file: string): string {
  const text = readFileSync(join(packageDir(pkg), file), "utf8");
  const value = new RegExp(String.raw`apiVersion\s*\|\|\s*${VERSION}`).exec(text)?.[1];
  if (!value) throw new Error(`${pkg}: no client default api-version in ${file}`);
  return value;
}
