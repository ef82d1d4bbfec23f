import type { RequestProblem } from "../src/request/index.js";

/** The API's error body (`{ error: { code, message, target?, details? } }`). */
export interface ApiErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: RequestProblem[];
}

/** An answer that is not 2xx, with the API's error when it sent one. */
export class ApiFailure extends Error {
  override name = "ApiFailure";
  constructor(
    readonly status: number,
    readonly error: ApiErrorBody,
  ) {
    super(`${error.code}: ${error.message}`);
  }
}

/** One answer: status, headers and the parsed JSON body. */
export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** The HTTP API as a ticket system calls it: `x-functions-key`, JSON in and out. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string | undefined,
  ) {}

  /** `path` under the API base (`clusters/CHG-1`), or an absolute URL the API handed out (operation, nextLink). */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const url = /^https?:\/\//.test(path) ? path : `${this.baseUrl}/${path}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.key) headers["x-functions-key"] = this.key;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    const parsed = text ? safeJson(text) : undefined;
    if (!res.ok) throw new ApiFailure(res.status, errorOf(parsed, res.status, text));
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}

/** The API's error rendered field by field: code and message, then each problem on its own line. */
export function renderApiError(failure: ApiFailure): string[] {
  const { code, message, target, details } = failure.error;
  const lines = [`error ${failure.status} ${code}: ${message}${target ? ` (${target})` : ""}`];
  for (const d of details ?? []) lines.push(`  ${d.path || "(request)"}: ${d.code}: ${d.message}`);
  return lines;
}

function errorOf(parsed: unknown, status: number, text: string): ApiErrorBody {
  const error = (parsed as { error?: ApiErrorBody } | undefined)?.error;
  if (error && typeof error.code === "string") return error;
  return { code: `HTTP${status}`, message: text.slice(0, 200) || "no body" };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
