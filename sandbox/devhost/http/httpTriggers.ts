import type { IncomingMessage, ServerResponse } from "node:http";
import type { FunctionRegistry, RegisteredFunction } from "../app/coreApi.js";
import { extraInputsFor } from "../app/extraInputs.js";
import type { Invoker } from "../app/invoke.js";
import { resolveExpression } from "../app/settings.js";
import type { DevhostLogger } from "../log.js";
import { authorize, type HostKeys } from "./keys.js";
import { compileRoute, type RouteTemplate } from "./routeTemplate.js";

interface HttpRoute {
  fn: RegisteredFunction;
  route: RouteTemplate;
  methods: Set<string> | undefined;
  authLevel: string;
}

interface RpcHttpResponse {
  statusCode?: string | number;
  headers?: Record<string, string>;
  cookies?: { name: string; value: string; [k: string]: unknown }[];
  body?: { bytes?: Uint8Array; string?: string };
}

/** Dependencies of the HTTP trigger router. */
export interface HttpTriggerDeps {
  registry: FunctionRegistry;
  invoker: Invoker;
  keys: HostKeys;
  log: DevhostLogger;
  env: Record<string, string | undefined>;
  clientData: () => unknown;
}

/** Routes requests under the route prefix to HTTP-triggered functions, enforcing their auth level. */
export class HttpTriggerRouter {
  private readonly routes: HttpRoute[];

  constructor(private readonly deps: HttpTriggerDeps) {
    this.routes = deps.registry
      .byTrigger("httpTrigger")
      .map((fn) => {
        const b = fn.trigger;
        const template = resolveExpression(String(b.route ?? fn.metadata.name), deps.env);
        const methods =
          Array.isArray(b.methods) && b.methods.length
            ? new Set(b.methods.map((m) => String(m).toUpperCase()))
            : undefined;
        return { fn, route: compileRoute(template), methods, authLevel: String(b.authLevel ?? "anonymous") };
      })
      .sort((x, y) => y.route.specificity - x.route.specificity);
  }

  /** Route templates, for the start-up listing. */
  describe(): string[] {
    return this.routes.map(
      (r) => `${[...(r.methods ?? ["*"])].join(",")} ${r.route.template} -> ${r.fn.metadata.name} (${r.authLevel})`,
    );
  }

  /** Handles a request whose path (after the prefix) is `path`; false when no route matches. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, path: string, body: Buffer): Promise<boolean> {
    const method = (req.method ?? "GET").toUpperCase();
    let hit: { r: HttpRoute; params: Record<string, string> } | undefined;
    for (const r of this.routes) {
      if (r.methods && !r.methods.has(method)) continue;
      const params = r.route.match(path);
      if (params) {
        hit = { r, params };
        break;
      }
    }
    if (!hit) return false;
    const { r, params } = hit;
    const key = url.searchParams.get("code") ?? headerValue(req, "x-functions-key");
    if (!authorize(this.deps.keys, r.authLevel, r.fn.metadata.name, key)) {
      res.writeHead(401).end();
      return true;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    try {
      const out = await this.deps.invoker.invoke(
        r.fn,
        {
          trigger: { http: { method, url: url.href, headers, params, body: { bytes: new Uint8Array(body) } } },
          extraInputs: extraInputsFor(r.fn, this.deps.clientData),
          logDetail: `${method} ${url.pathname}`,
        },
        true,
      );
      const http = pickHttp(r.fn, out.returnValue, out.outputData);
      writeResponse(res, http);
    } catch (err) {
      this.deps.log.host("error", `${r.fn.metadata.name}: ${(err as Error)?.stack ?? err}`);
      if (!res.headersSent) res.writeHead(500).end();
    }
    return true;
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function pickHttp(
  fn: RegisteredFunction,
  returnValue: unknown,
  outputData: { name: string; data: unknown }[] | undefined,
): RpcHttpResponse | undefined {
  const fromReturn = (returnValue as { http?: RpcHttpResponse } | undefined)?.http;
  if (fromReturn) return fromReturn;
  for (const o of outputData ?? []) {
    if (fn.metadata.bindings[o.name]?.type.toLowerCase() === "http")
      return (o.data as { http?: RpcHttpResponse })?.http;
  }
  return undefined;
}

function writeResponse(res: ServerResponse, http: RpcHttpResponse | undefined): void {
  if (!http) {
    res.writeHead(204).end();
    return;
  }
  const headers: Record<string, string | string[]> = { ...(http.headers ?? {}) };
  const cookies = (http.cookies ?? []).map((c) => {
    const attrs = [`${c.name}=${c.value}`];
    if (c.path) attrs.push(`Path=${(c.path as { value?: string }).value ?? c.path}`);
    if (c.domain) attrs.push(`Domain=${(c.domain as { value?: string }).value ?? c.domain}`);
    if ((c.httpOnly as { value?: boolean })?.value ?? c.httpOnly === true) attrs.push("HttpOnly");
    if ((c.secure as { value?: boolean })?.value ?? c.secure === true) attrs.push("Secure");
    return attrs.join("; ");
  });
  if (cookies.length) headers["set-cookie"] = cookies;
  const body = http.body?.bytes ? Buffer.from(http.body.bytes) : Buffer.from(http.body?.string ?? "");
  res.writeHead(Number(http.statusCode ?? 200), headers);
  res.end(body);
}
