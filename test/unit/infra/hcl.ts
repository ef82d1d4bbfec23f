// Reads infra/ HCL as JSON (@cdktf/hcl2json) and checks values against Terraform type expressions.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const infraDir = join(repoRoot, "infra");

// biome-ignore lint/suspicious/noExplicitAny: hcl2json's output is untyped JSON
export type Hcl = Record<string, any>;

/** The .tf files of one directory (not its subdirectories) merged per block type, like Terraform reads them. */
export async function parseModule(dir: string): Promise<Hcl> {
  const merged: Hcl = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".tf"))) {
    const json = await parse(file, readFileSync(join(dir, file), "utf8"));
    for (const [block, body] of Object.entries(json)) {
      if (Array.isArray(body)) merged[block] = [...(merged[block] ?? []), ...body];
      else merged[block] = mergeTypes(merged[block] ?? {}, body as Hcl);
    }
  }
  return merged;
}

function mergeTypes(a: Hcl, b: Hcl): Hcl {
  const out: Hcl = { ...a };
  // `resource`/`data` nest type → name → [body]; `variable`/`output`/`module` nest name → [body].
  for (const [key, inner] of Object.entries(b))
    out[key] = Array.isArray(inner) ? inner : { ...(out[key] ?? {}), ...(inner as Hcl) };
  return out;
}

/** `${expr}`: an interpolation as hcl2json writes an expression. */
export const tf = (expr: string) => `\${${expr}}`;

/** Every `resource "<type>" "<name>"` block body (hcl2json wraps each in a one-element list). */
export function resources(module: Hcl, type: string): Record<string, Hcl> {
  return Object.fromEntries(Object.entries(module.resource?.[type] ?? {}).map(([n, v]) => [n, (v as Hcl[])[0] as Hcl]));
}

/** `variable "<name>"` (or `output`, `module`) block bodies by name. */
export function blocks(module: Hcl, kind: "variable" | "output" | "module"): Record<string, Hcl> {
  return Object.fromEntries(Object.entries(module[kind] ?? {}).map(([n, v]) => [n, (v as Hcl[])[0] as Hcl]));
}

/** The merged `locals` blocks. */
export function locals(module: Hcl): Hcl {
  return Object.assign({}, ...(module.locals ?? []));
}

/** A Terraform type expression, parsed. */
export type TfType =
  | { kind: "string" | "number" | "bool" | "any" }
  | { kind: "list" | "set" | "map"; of: TfType }
  | { kind: "object"; attrs: Record<string, { type: TfType; optional: boolean }> };

/** Parses `${list(object({ a = string, b = optional(number) }))}` and the like. */
export function parseType(expression: string): TfType {
  const text = expression.replace(/^\$\{/, "").replace(/\}$/, "");
  let at = 0;
  const skip = () => {
    while (/[\s,]/.test(text[at] ?? "")) at++;
  };
  const word = () => {
    skip();
    const m = /^[A-Za-z_][\w-]*/.exec(text.slice(at));
    if (!m) throw new Error(`type expected at ${at}: ${text.slice(at, at + 20)}`);
    at += m[0].length;
    return m[0];
  };
  const expect = (s: string) => {
    skip();
    if (!text.startsWith(s, at)) throw new Error(`'${s}' expected at ${at}: ${text.slice(at, at + 20)}`);
    at += s.length;
  };
  // An optional()'s default value: skipped to its closing parenthesis.
  const skipValue = () => {
    let depth = 0;
    while (at < text.length && !(depth === 0 && text[at] === ")")) {
      if ("([{".includes(text[at] as string)) depth++;
      if (")]}".includes(text[at] as string)) depth--;
      at++;
    }
  };
  const type = (): TfType => {
    const name = word();
    if (name === "string" || name === "number" || name === "bool" || name === "any") return { kind: name };
    if (name === "list" || name === "set" || name === "map") {
      expect("(");
      const of = type();
      expect(")");
      return { kind: name, of };
    }
    if (name === "object") {
      expect("({");
      const attrs: Record<string, { type: TfType; optional: boolean }> = {};
      for (skip(); text[at] !== "}"; skip()) {
        const key = word();
        expect("=");
        skip();
        if (text.startsWith("optional(", at)) {
          at += "optional(".length;
          attrs[key] = { type: type(), optional: true };
          skip();
          skipValue();
          expect(")");
        } else attrs[key] = { type: type(), optional: false };
      }
      expect("})");
      return { kind: "object", attrs };
    }
    throw new Error(`unknown type ${name}`);
  };
  return type();
}

/** Why `value` would not convert to `type` (Terraform's rules, minus number↔string coercion), or [] when it does. */
export function typeProblems(value: unknown, type: TfType, path = "var"): string[] {
  const where = (p: string) => `${path}: ${p}`;
  switch (type.kind) {
    case "any":
      return [];
    case "string":
    case "number":
    case "bool": {
      const js = type.kind === "bool" ? "boolean" : type.kind;
      return typeof value === js ? [] : [where(`${type.kind} expected, got ${JSON.stringify(value)}`)];
    }
    case "list":
    case "set":
      return Array.isArray(value)
        ? value.flatMap((v, i) => typeProblems(v, type.of, `${path}[${i}]`))
        : [where("list expected")];
    case "map":
      return isRecord(value)
        ? Object.entries(value).flatMap(([k, v]) => typeProblems(v, type.of, `${path}.${k}`))
        : [where("map expected")];
    case "object": {
      if (!isRecord(value)) return [where("object expected")];
      const extra = Object.keys(value)
        .filter((k) => !(k in type.attrs))
        .map((k) => where(`attribute ${k} is not in the type`));
      const attrs = Object.entries(type.attrs).flatMap(([k, a]) =>
        value[k] === undefined
          ? a.optional
            ? []
            : [where(`required attribute ${k} missing`)]
          : typeProblems(value[k], a.type, `${path}.${k}`),
      );
      return [...extra, ...attrs];
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
