import type { ServerResponse } from "node:http";
import type { Reply } from "../http/context.js";
import type { KubeObject } from "./kubeObject.js";

/** Options of one watch stream. */
export interface WatchOptions {
  /** The selected objects now, or undefined once the API server is gone (cluster stopped or deleted). */
  list: () => KubeObject[] | undefined;
  /** The `resourceVersion` the client watches from (a list's); absent or "0" sends every object as ADDED first. */
  resourceVersion: string | null;
  /** `timeoutSeconds` of the request; the stream ends then, as the API server's does. Defaults to 1800. */
  timeoutSeconds: number;
  /** Real time between two looks at the sandbox state, in ms. */
  pollMs: number;
}

const key = (o: KubeObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/**
 * A `?watch=true` answer: newline-delimited `{type, object}` events (ADDED, MODIFIED, DELETED) for as
 * long as the connection lasts. The sandbox's state changes lazily, so the stream looks again every
 * `pollMs` and sends what differs from what the client knows; kubectl wait and client-node's Watch
 * then see a node turn Ready as it happens.
 */
export function watchReply(options: WatchOptions): Reply {
  return {
    status: 200,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-cache, private" },
    stream: (res) => stream(res, options),
  };
}

function stream(res: ServerResponse, options: WatchOptions): void {
  const since = Number(options.resourceVersion);
  const fromList = options.resourceVersion !== null && Number.isFinite(since) && since > 0;
  // What the client holds: the objects of the list it watches from (none when it watches from scratch),
  // at the version that list showed; one that changed since is sent as MODIFIED on the first look.
  const known = new Map<string, { version: string; object: KubeObject }>();
  for (const o of (fromList && options.list()) || []) {
    if (Date.parse(o.metadata.creationTimestamp) > since) continue;
    const version = Number(o.metadata.resourceVersion) <= since ? o.metadata.resourceVersion : "";
    known.set(key(o), { version, object: o });
  }
  const send = (type: string, object: KubeObject) => res.write(`${JSON.stringify({ type, object })}\n`);
  const look = (): boolean => {
    const items = options.list();
    if (!items) return false;
    const seen = new Set<string>();
    for (const o of items) {
      const k = key(o);
      seen.add(k);
      const before = known.get(k);
      if (!before) send("ADDED", o);
      else if (before.version !== o.metadata.resourceVersion) send("MODIFIED", o);
      known.set(k, { version: o.metadata.resourceVersion, object: o });
    }
    for (const [k, { object }] of known) {
      if (seen.has(k)) continue;
      known.delete(k);
      send("DELETED", object);
    }
    return true;
  };
  let timer: NodeJS.Timeout | undefined;
  const end = () => {
    clearInterval(timer);
    clearTimeout(deadline);
    if (!res.writableEnded) res.end();
  };
  const deadline = setTimeout(end, options.timeoutSeconds * 1000);
  res.on("close", end);
  if (!look()) {
    end();
    return;
  }
  timer = setInterval(() => {
    if (!look()) end();
  }, options.pollMs);
}
