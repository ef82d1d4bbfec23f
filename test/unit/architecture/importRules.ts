// The layering rules of docs/architecture.md §5, as a check over import statements. Parsing uses the
// TypeScript compiler (already a devDependency) rather than a regex, so re-exports, dynamic import(),
// require() and type-only forms are told apart exactly; dependency-cruiser would add ~40 packages for this.
import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join, posix, relative, sep } from "node:path";
import ts from "typescript";

/** One module specifier a file names, and whether it survives compilation. */
export interface ImportRef {
  specifier: string;
  /** `import type`, `export type`, `{ type A }` only, or `import("x").T`: erased, never loaded at run time. */
  typeOnly: boolean;
  line: number;
}

/** A file to check: its path relative to the repository root (`/`-separated) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** What a package.json declares; `dir` is its folder relative to the root (`""` for the root itself). */
export interface Manifest {
  dir: string;
  dependencies: string[];
  devDependencies: string[];
}

export type RuleName = "src-boundary" | "request-pure" | "orchestrators-deterministic" | "declared-packages";

export interface Violation {
  rule: RuleName;
  file: string;
  line: number;
  specifier: string;
  message: string;
}

/** Top-level folders that hold code and are never deployed (`.funcignore`): src/ may not import them. */
export const NOT_DEPLOYED = ["sandbox", "test", "bench", "scripts", "cli"];
/** Built-ins without I/O that src/request may use. Any other built-in (fs, net, http, child_process…) is I/O. */
export const PURE_BUILTINS = ["assert", "buffer", "crypto", "path", "querystring", "string_decoder", "url", "util"];
/** Packages src/request may load at run time: computation only. A new one is a decision: add it here, say why. */
export const PURE_PACKAGES = ["zod", "ipaddr.js", "uuid", "cron-parser"];
/** Folders the import check covers (those that exist). */
export const CHECKED_ROOTS = ["src", "sandbox", "test", "bench", "scripts", "cli"];

const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Every module specifier in a file: static and dynamic imports, re-exports, require(), import types. */
export function scanImports(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const refs: ImportRef[] = [];
  const add = (literal: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(literal)) return; // computed specifiers cannot be checked statically
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
    refs.push({ specifier: literal.text, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, isTypeOnlyClause(node.importClause));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier, node.isTypeOnly || (!!named?.length && named.every((e) => e.isTypeOnly)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node) && node.arguments[0] && isImportOrRequire(node.expression)) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

function isTypeOnlyClause(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import "x"` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name || !clause.namedBindings || ts.isNamespaceImport(clause.namedBindings)) return false;
  const elements = clause.namedBindings.elements;
  return elements.length > 0 && elements.every((e) => e.isTypeOnly);
}

function isImportOrRequire(callee: ts.Expression): boolean {
  return callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require");
}

type Target =
  | { kind: "builtin"; name: string }
  | { kind: "package"; name: string }
  | { kind: "file"; path: string }
  | { kind: "unknown" };

function resolveTarget(file: string, specifier: string): Target {
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    return { kind: "file", path: posix.normalize(posix.join(posix.dirname(file), specifier)) };
  }
  if (isBuiltin(specifier)) return { kind: "builtin", name: specifier.replace(/^node:/, "").split("/")[0] ?? "" };
  if (specifier.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { kind: "unknown" }; // file: URLs
  const parts = specifier.split("/");
  return { kind: "package", name: specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "") };
}

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Checks every file's imports against the four rules; returns what breaks them (empty when all hold). */
export function checkImports(files: SourceFile[], manifests: Manifest[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const manifest = manifests
      .filter((m) => m.dir === "" || inside(file.path, m.dir))
      .sort((a, b) => b.dir.length - a.dir.length)[0];
    for (const ref of scanImports(file.path, file.text)) {
      const report = (rule: RuleName, message: string) =>
        violations.push({ rule, file: file.path, line: ref.line, specifier: ref.specifier, message });
      const target = resolveTarget(file.path, ref.specifier);

      if (inside(file.path, "src") && target.kind === "file") {
        const top = target.path.split("/")[0] ?? "";
        if (NOT_DEPLOYED.includes(top)) report("src-boundary", `src/ deploys alone; it may not import ${top}/`);
      }
      if (inside(file.path, "src/request") && !ref.typeOnly) {
        if (target.kind === "builtin" && !PURE_BUILTINS.includes(target.name))
          report("request-pure", `src/request is pure; node:${target.name} does I/O`);
        if (target.kind === "package" && !PURE_PACKAGES.includes(target.name))
          report("request-pure", `src/request is pure; ${target.name} is not a pure package (types: use import type)`);
        if (target.kind === "file" && !inside(target.path, "src/request"))
          report("request-pure", `src/request is the bottom layer; it may not load ${target.path}`);
      }
      if (inside(file.path, "src/orchestrators") && !ref.typeOnly) {
        const allowed =
          (target.kind === "package" && target.name === "durable-functions") ||
          (target.kind === "file" && (inside(target.path, "src/request") || inside(target.path, "src/orchestrators")));
        if (!allowed)
          report(
            "orchestrators-deterministic",
            "orchestrators load only durable-functions, src/request and their own files (use import type for the rest)",
          );
      }
      if (target.kind === "package" && manifest) {
        const production = manifest.dir === "" && inside(file.path, "src");
        const declared = production ? manifest.dependencies : [...manifest.dependencies, ...manifest.devDependencies];
        if (!declared.includes(target.name)) {
          const where = `${manifest.dir || "the root"} package.json`;
          report(
            "declared-packages",
            `${target.name} is not in the ${production ? "dependencies" : "dependencies or devDependencies"} of ${where}`,
          );
        }
      }
    }
  }
  return violations;
}

/** Reads the checked folders and every package.json in them (plus the root's) from a repository on disk. */
export function loadRepository(root: string): { files: SourceFile[]; manifests: Manifest[] } {
  const files: SourceFile[] = [];
  const manifests: Manifest[] = [readManifest(root, "")];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      const path = relative(root, full).split(sep).join("/");
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "package.json") manifests.push(readManifest(root, posix.dirname(path)));
      else if (SOURCE_FILE.test(entry.name)) files.push({ path, text: readFileSync(full, "utf8") });
    }
  };
  for (const folder of CHECKED_ROOTS) {
    try {
      walk(join(root, folder));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // cli/ does not exist yet
    }
  }
  return { files, manifests };
}

function readManifest(root: string, dir: string): Manifest {
  const json = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return {
    dir,
    dependencies: Object.keys(json.dependencies ?? {}),
    devDependencies: Object.keys(json.devDependencies ?? {}),
  };
}
