import type { FilterView, MessageFilter } from "./filters.js";

// A small subset of Service Bus SQL filters: comparisons (= <> != < <= > >=), AND, OR, NOT,
// IN (...), LIKE, IS [NOT] NULL, EXISTS(...), parentheses, string/number/boolean literals, and
// `sys.` / `user.` prefixed or bare (user) property names. Anything else is refused at load.

type Value = unknown;
type Operand = (m: FilterView) => Value;

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|(<>|!=|<=|>=|=|<|>|\(|\)|,)|([A-Za-z_][\w.]*|\[[^\]]+\]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`unsupported SQL filter syntax at '${text.slice(at, at + 20)}'`);
    tokens.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  }
  return tokens;
}

/** Compiles a SQL filter expression; throws on anything outside the supported subset. */
export function parseSqlFilter(expression: string): MessageFilter {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i]?.toUpperCase();
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (t === undefined || (expected && t.toUpperCase() !== expected))
      throw new Error(`expected ${expected ?? "a token"} in SQL filter '${expression}'`);
    return t;
  };

  const literal = (t: string): Value | typeof NOT_LITERAL => {
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(t)) return Number(t);
    const u = t.toUpperCase();
    if (u === "TRUE") return true;
    if (u === "FALSE") return false;
    if (u === "NULL") return undefined;
    return NOT_LITERAL;
  };
  const operand = (): Operand => {
    const t = take();
    const value = literal(t);
    if (value !== NOT_LITERAL) return () => value;
    const name = t.startsWith("[") ? t.slice(1, -1) : t;
    if (/^sys\./i.test(name)) {
      const key = name.slice(4);
      return (m) => m.system[Object.keys(m.system).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key];
    }
    const key = name.replace(/^user\./i, "");
    return (m) => m.properties[key];
  };
  const predicate = (): MessageFilter => {
    if (peek() === "(") {
      take("(");
      const inner = or();
      take(")");
      return inner;
    }
    if (peek() === "EXISTS") {
      take("EXISTS");
      take("(");
      const o = operand();
      take(")");
      return (m) => o(m) !== undefined;
    }
    const left = operand();
    let op = take().toUpperCase();
    let negate = false;
    if (op === "IS") {
      const not = peek() === "NOT";
      if (not) take("NOT");
      take("NULL");
      return (m) => (left(m) === undefined) !== not;
    }
    if (op === "NOT") {
      negate = true;
      op = take().toUpperCase();
    }
    if (op === "IN") {
      take("(");
      const values: Operand[] = [operand()];
      while (peek() === ",") {
        take(",");
        values.push(operand());
      }
      take(")");
      return (m) => {
        const v = left(m);
        return v !== undefined && values.some((o) => o(m) === v) !== negate;
      };
    }
    if (op === "LIKE") {
      const pattern = String(literal(take()));
      const re = new RegExp(
        `^${pattern
          .replace(/[.*+?^${}()|\\]/g, "\\$&")
          .replace(/%/g, ".*")
          .replace(/_/g, ".")}$`,
      );
      return (m) => {
        const v = left(m);
        return typeof v === "string" && re.test(v) !== negate;
      };
    }
    const right = operand();
    const compare = COMPARISONS[op];
    if (!compare || negate) throw new Error(`unsupported operator '${op}' in SQL filter '${expression}'`);
    return (m) => {
      const a = left(m);
      const b = right(m);
      return a !== undefined && b !== undefined && compare(a, b);
    };
  };
  const not = (): MessageFilter => {
    if (peek() === "NOT") {
      take("NOT");
      const inner = not();
      return (m) => !inner(m);
    }
    return predicate();
  };
  const and = (): MessageFilter => {
    let left = not();
    while (peek() === "AND") {
      take("AND");
      const l = left;
      const r = not();
      left = (m) => l(m) && r(m);
    }
    return left;
  };
  const or = (): MessageFilter => {
    let left = and();
    while (peek() === "OR") {
      take("OR");
      const l = left;
      const r = and();
      left = (m) => l(m) || r(m);
    }
    return left;
  };
  const filter = or();
  if (i !== tokens.length) throw new Error(`unexpected '${tokens[i]}' in SQL filter '${expression}'`);
  return filter;
}

const NOT_LITERAL = Symbol("not a literal");

// biome-ignore lint/suspicious/noExplicitAny: SQL compares whatever the message carries
const COMPARISONS: Record<string, (a: any, b: any) => boolean> = {
  "=": (a, b) => a === b,
  "<>": (a, b) => a !== b,
  "!=": (a, b) => a !== b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};
