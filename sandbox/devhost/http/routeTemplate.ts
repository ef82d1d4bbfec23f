/** A compiled route template (`{p}`, `{p?}`, `{p:int}`, `{p:int?}`, `{*rest}`). */
export interface RouteTemplate {
  template: string;
  /** Higher matches first: literal segments beat parameters, catch-alls go last. */
  specificity: number;
  match(path: string): Record<string, string> | undefined;
}

const CONSTRAINTS: Record<string, string> = {
  int: "-?\\d+",
  long: "-?\\d+",
  double: "-?\\d+(?:\\.\\d+)?",
  float: "-?\\d+(?:\\.\\d+)?",
  decimal: "-?\\d+(?:\\.\\d+)?",
  bool: "(?:true|false)",
  alpha: "[A-Za-z]+",
  guid: "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
  datetime: "[^/]+",
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles an ASP.NET-style route template; matching is case-insensitive, as in the host. */
export function compileRoute(template: string): RouteTemplate {
  const segments = template
    .replace(/^\/+|\/+$/g, "")
    .split("/")
    .filter(Boolean);
  const names: string[] = [];
  let pattern = "";
  let specificity = 0;
  for (const seg of segments) {
    const param = /^\{(\*)?([A-Za-z_][\w]*)(?::([a-z]+)(?:\([^)]*\))?)?(\?)?\}$/.exec(seg);
    if (!param) {
      if (/[{}]/.test(seg)) throw new Error(`Unsupported route segment '${seg}' in '${template}'`);
      pattern += `/${escapeRegex(seg)}`;
      specificity += 100;
      continue;
    }
    const [, star, name, constraint, optional] = param;
    names.push(name as string);
    if (star) {
      pattern += "(?:/(.*))?";
      specificity -= 50;
      continue;
    }
    const body = constraint ? (CONSTRAINTS[constraint] ?? "[^/]+") : "[^/]+";
    pattern += optional ? `(?:/(${body}))?` : `/(${body})`;
    specificity += constraint ? 20 : 10;
  }
  const re = new RegExp(`^${pattern}/?$`, "i");
  return {
    template,
    specificity,
    match(path) {
      const m = re.exec(path.startsWith("/") ? path : `/${path}`);
      if (!m) return undefined;
      const params: Record<string, string> = {};
      names.forEach((n, i) => {
        const v = m[i + 1];
        if (v !== undefined) params[n] = decodeURIComponent(v);
      });
      return params;
    },
  };
}
