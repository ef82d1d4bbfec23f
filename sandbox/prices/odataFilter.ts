/**
 * The subset of OData `$filter` the Retail Prices API is queried with: `field eq 'value'` (and `ne`), joined by
 * `and` / `or`, grouped with parentheses. Values are case-sensitive (as from API version 2023-01-01-preview),
 * field names are not. Anything else is a syntax error the API answers 400 to.
 */
export type FilterPredicate = (item: Record<string, unknown>) => boolean;

/** Thrown for a filter the stand-in (and the API) cannot read. */
export class FilterSyntaxError extends Error {
  override name = "FilterSyntaxError";
}

type Token = { kind: "word"; text: string } | { kind: "string"; text: string } | { kind: "open" | "close" };

/** Parses `filter` into a predicate over an item; `fields` maps a filter field (lower case) to the item's key. */
export function parseFilter(filter: string, fields: Record<string, string>): FilterPredicate {
  const tokens = tokenize(filter);
  let at = 0;
  const peekWord = () => {
    const t = tokens[at];
    return t?.kind === "word" ? t.text.toLowerCase() : undefined;
  };
  const orExpr = (): FilterPredicate => {
    let left = andExpr();
    while (peekWord() === "or") {
      at++;
      const a = left;
      const b = andExpr();
      left = (item) => a(item) || b(item);
    }
    return left;
  };
  const andExpr = (): FilterPredicate => {
    let left = term();
    while (peekWord() === "and") {
      at++;
      const a = left;
      const b = term();
      left = (item) => a(item) && b(item);
    }
    return left;
  };
  const term = (): FilterPredicate => {
    const t = tokens[at++];
    if (t?.kind === "open") {
      const inner = orExpr();
      if (tokens[at++]?.kind !== "close") throw new FilterSyntaxError("')' expected");
      return inner;
    }
    if (t?.kind !== "word") throw new FilterSyntaxError(`a field name expected at token ${at}`);
    const key = fields[t.text.toLowerCase()];
    if (!key) throw new FilterSyntaxError(`'${t.text}' is not a field that can be filtered on`);
    const op = peekWord();
    if (op !== "eq" && op !== "ne") throw new FilterSyntaxError(`'eq' or 'ne' expected after ${t.text}`);
    at++;
    const value = tokens[at++];
    if (!value || !("text" in value)) throw new FilterSyntaxError(`a value expected after ${t.text} ${op}`);
    const wanted = value.kind === "string" ? value.text : literal(value.text);
    return op === "eq" ? (item) => item[key] === wanted : (item) => item[key] !== wanted;
  };
  const predicate = orExpr();
  if (at !== tokens.length) throw new FilterSyntaxError(`unexpected token ${at}`);
  return predicate;
}

function literal(text: string): unknown {
  if (text === "true" || text === "false") return text === "true";
  const n = Number(text);
  if (!Number.isNaN(n)) return n;
  throw new FilterSyntaxError(`'${text}' is not a value (strings are quoted: '${text}')`);
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "open" : "close" });
      i++;
    } else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= filter.length) throw new FilterSyntaxError("unterminated string");
        if (filter[i] === "'") {
          if (filter[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += filter[i++];
      }
      tokens.push({ kind: "string", text });
    } else {
      const word = /^[A-Za-z0-9_.-]+/.exec(filter.slice(i))?.[0];
      if (!word) throw new FilterSyntaxError(`unexpected '${c}'`);
      tokens.push({ kind: "word", text: word });
      i += word.length;
    }
  }
  return tokens;
}
