import type { IncomingMessage, ServerResponse } from "node:http";
import type { DevhostFaults } from "../faults.js";
import { type DurableClientData, managementPayload } from "./clientData.js";
import { DurableClientOperations } from "./clientOperations.js";
import type { DurableEngine } from "./engine.js";
import { entitySchedulerId, parseEntityId } from "./entityId.js";
import { isDurableClientError } from "./errors.js";
import { statusJson } from "./statusJson.js";
import { type InstanceRecord, isTerminal, type RuntimeStatus } from "./types.js";

/** Path prefix of the Durable HTTP API (RPC and public links share it). */
export const DURABLE_PREFIX = "/runtime/webhooks/durabletask/";

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): true {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/json; charset=utf-8" } : {}), ...headers });
  res.end(text);
  return true;
}

/** 202 with the instance's management payload, as the extension's CreateCheckStatusResponse answers a start. */
function checkStatus(res: ServerResponse, links: DurableClientData, instanceId: string): true {
  const payload = managementPayload(links, instanceId);
  return send(res, 202, payload, { location: payload.statusQueryGetUri as string, "retry-after": "10" });
}

function flag(q: URLSearchParams, name: string): boolean {
  return q.get(name)?.toLowerCase() === "true";
}

function filterInstances(engine: DurableEngine, q: URLSearchParams): InstanceRecord[] {
  const from = q.get("createdTimeFrom");
  const to = q.get("createdTimeTo");
  const statuses = (q.get("runtimeStatus") ?? "").split(",").filter(Boolean) as RuntimeStatus[];
  const prefix = q.get("instanceIdPrefix");
  return [...engine.store.instances.values()].filter(
    (i) =>
      (!from || Date.parse(i.createdTime) >= Date.parse(from)) &&
      (!to || Date.parse(i.createdTime) <= Date.parse(to)) &&
      (statuses.length === 0 || statuses.includes(i.status)) &&
      (!prefix || i.instanceId.startsWith(prefix)),
  );
}

/**
 * Serves the Durable Functions HTTP API that `df.getClient()` calls at `rpcBaseUrl` (start, status, list,
 * raise event, terminate, suspend/resume, restart, purge, entities).
 */
export function handleDurableApi(
  engine: DurableEngine,
  links: DurableClientData,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  faults?: DevhostFaults,
): boolean {
  const parts = url.pathname.slice(DURABLE_PREFIX.length).split("/").map(decodeURIComponent);
  const method = (req.method ?? "GET").toUpperCase();
  const q = url.searchParams;
  const text = body.length ? body.toString("utf8") : undefined;
  const ops = new DurableClientOperations(engine);
  try {
    const [area, a, b, c] = parts;
    if (area === "orchestrators" && a && method === "POST") {
      if (faults?.refuseStarts) return send(res, 503, { message: "the task hub's storage is unavailable (fault)" });
      return checkStatus(res, links, ops.startNew(a, b || undefined, text ?? null));
    }
    if (area === "instances" && !a) {
      if (method === "GET")
        return send(
          res,
          200,
          filterInstances(engine, q).map((i) =>
            statusJson(i, { showInput: flag(q, "showInput") || q.get("showInput") === null }),
          ),
        );
      if (method === "DELETE") {
        const n = ops.purge(
          filterInstances(engine, q)
            .filter((i) => isTerminal(i.status))
            .map((i) => i.instanceId),
        );
        return n ? send(res, 200, { instancesDeleted: n }) : send(res, 404);
      }
    }
    if (area === "instances" && a) {
      const inst = engine.store.instances.get(a);
      if (!b && method === "GET") {
        if (!inst) return send(res, 404);
        const body = statusJson(inst, {
          showHistory: flag(q, "showHistory"),
          showHistoryOutput: flag(q, "showHistoryOutput"),
          showInput: q.get("showInput") === null || flag(q, "showInput"),
        });
        if (isTerminal(inst.status)) return send(res, 200, body);
        const location = managementPayload(links, a).statusQueryGetUri as string;
        return send(res, 202, body, { location, "retry-after": "5" });
      }
      if (!b && method === "DELETE") {
        return ops.purge([a]) ? send(res, 200, { instancesDeleted: 1 }) : send(res, 404);
      }
      if (b === "raiseEvent" && c && method === "POST") {
        ops.raiseEvent(a, c, { contentType: req.headers["content-type"], text });
        return send(res, 202);
      }
      if (b === "restart" && method === "POST") {
        // The extension's default is a new instance id; only an explicit `false` reuses the old one.
        return checkStatus(res, links, ops.restart(a, q.get("restartWithNewInstanceId")?.toLowerCase() !== "false"));
      }
      if ((b === "terminate" || b === "suspend" || b === "resume") && method === "POST") {
        ops.control(a, b, q.get("reason") ?? "");
        return send(res, 202);
      }
      if (b === "rewind") return send(res, 501, { message: "rewind is not supported by the devhost" });
    }
    if (area === "entities" && a && b !== undefined) {
      if (method === "GET") {
        const e = engine.store.entities.get(entitySchedulerId(a, b));
        if (!e?.exists) return send(res, 404);
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        res.end(e.state ?? "null");
        return true;
      }
      if (method === "POST" || method === "DELETE") {
        ops.signalEntity(a, b, method === "DELETE" ? "delete" : (q.get("op") ?? ""), text);
        return send(res, 202);
      }
    }
    if (area === "entities" && method === "GET") {
      const list = [...engine.store.entities.values()]
        .filter((e) => e.exists && (!a || parseEntityId(e.entityId).name === a.toLowerCase()))
        .map((e) => ({
          entityId: parseEntityId(e.entityId),
          lastOperationTime: e.lastModified,
          state: e.state === null ? null : JSON.parse(e.state),
        }));
      return send(res, 200, list);
    }
    return send(res, 404, { message: `No Durable API route for ${method} ${url.pathname}` });
  } catch (err) {
    if (isDurableClientError(err)) return send(res, err.status, { message: err.message });
    return send(res, 500, { message: (err as Error).message });
  }
}
