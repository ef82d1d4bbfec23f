import type { RegisteredFunction } from "./coreApi.js";
import type { RpcTypedData } from "./invoke.js";

/** Builds the data of a function's non-trigger input bindings; only the durable client binding has any. */
export function extraInputsFor(fn: RegisteredFunction, clientData: () => unknown): Record<string, RpcTypedData> {
  const out: Record<string, RpcTypedData> = {};
  for (const [name, b] of Object.entries(fn.metadata.bindings)) {
    if (name === fn.triggerName || b.direction !== "in") continue;
    const type = b.type.toLowerCase();
    if (type === "durableclient" || type === "orchestrationclient") {
      out[name] = { string: JSON.stringify(clientData()) };
    }
  }
  return out;
}
