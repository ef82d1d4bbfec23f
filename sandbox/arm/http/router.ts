import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "./context.js";

/** A route handler: may throw ArmError, which the error middleware renders. */
export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/** One route: methods + path pattern, the resource type it serves and the api-versions it accepts. */
export interface Route {
  methods: readonly string[];
  /**
   * Segments separated by `/`; literals match case-insensitively, `{name}` captures one segment,
   * a leading `{...name}` captures any prefix (role-assignment scopes).
   */
  pattern: string;
  /** Type name used in logs and api-version errors, e.g. `Microsoft.Network/virtualNetworks`. */
  resourceType: string;
  /** Accepted api-versions; `undefined` skips the check (operation status URLs, tokens). */
  apiVersions?: readonly string[];
  handler: Handler;
}

interface CompiledRoute extends Route {
  parts: string[];
  greedy: string | undefined;
}

/** Matches normalized paths to routes; a path known under another method answers 405. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const parts = route.pattern.split("/").filter(Boolean);
      const first = parts[0];
      const greedy = first?.startsWith("{...") ? first.slice(4, -1) : undefined;
      this.routes.push({ ...route, parts: greedy ? parts.slice(1) : parts, greedy });
    }
    return this;
  }

  /** The route and captured parameters for a request, or throws 404/405 as ARM does. */
  match(method: string, segments: string[], path: string): { route: Route; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route, segments);
      if (!params) continue;
      if (route.methods.includes(method)) return { route, params };
      pathMatched = true;
    }
    if (pathMatched) throw armErrors.methodNotAllowed(method);
    throw armErrors.invalidResourceType(path);
  }
}

function matchSegments(route: CompiledRoute, segments: string[]): Record<string, string> | undefined {
  const offset = segments.length - route.parts.length;
  if (route.greedy ? offset < 0 : offset !== 0) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < route.parts.length; i++) {
    const part = route.parts[i] as string;
    const segment = segments[offset + i] as string;
    if (part.startsWith("{")) params[part.slice(1, -1)] = decodeURIComponent(segment);
    else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  if (route.greedy) params[route.greedy] = offset === 0 ? "" : `/${segments.slice(0, offset).join("/")}`;
  return params;
}
