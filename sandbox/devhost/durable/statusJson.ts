import { EventType, type InstanceRecord } from "./types.js";

const EVENT_NAMES = Object.fromEntries(Object.entries(EventType).map(([k, v]) => [v, k])) as Record<number, string>;

/** `yyyy-MM-ddTHH:mm:ssZ`, the extension's status time format. */
export function statusTime(isoText: string): string {
  return `${isoText.slice(0, 19)}Z`;
}

function parse(json: string | null): unknown {
  return json === null ? null : JSON.parse(json);
}

/** The StatusResponsePayload of the Durable HTTP API. */
export function statusJson(
  inst: InstanceRecord,
  opts: { showHistory?: boolean; showHistoryOutput?: boolean; showInput?: boolean } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: inst.name,
    instanceId: inst.instanceId,
    runtimeStatus: inst.status,
    input: opts.showInput === false ? null : parse(inst.input),
    customStatus: inst.customStatus ?? null,
    output: parse(inst.output),
    createdTime: statusTime(inst.createdTime),
    lastUpdatedTime: statusTime(inst.lastUpdatedTime),
  };
  if (opts.showHistory) {
    // Event types are spelled out, as the extension's status API does.
    const history = inst.history.map((e) => {
      const named: Record<string, unknown> = { ...e, EventType: EVENT_NAMES[e.EventType] ?? String(e.EventType) };
      if (opts.showHistoryOutput) return named;
      const { Result: _r, Input: _i, ...rest } = named;
      return rest;
    });
    body.historyEvents = history;
    body.history = history;
  }
  return body;
}
