import { nextMeta } from "./episodeContext.js";
import { event } from "./history.js";
import { EventType, type InstanceRecord, type Mutation } from "./types.js";

/** Raised by client operations; `status` is the HTTP status the client API answers with. */
export class DurableClientError extends Error {
  override name = "DurableClientError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** True for a DurableClientError, across module copies. */
export function isDurableClientError(e: unknown): e is DurableClientError {
  return e instanceof Error && e.name === "DurableClientError";
}

/** Fails an instance the host could not run (rather than leaving its inbox wedged). */
export function failInstance(inst: InstanceRecord, inbox: { id: string }[], reason: string, at: number): Mutation[] {
  return [
    {
      o: "inst",
      v: { ...nextMeta(inst, at), status: "Failed", output: JSON.stringify(reason), pending: {} },
      add: [event(EventType.ExecutionFailed, at, { Reason: reason })],
    },
    { o: "ack", to: inst.instanceId, ids: inbox.map((m) => m.id) },
  ];
}
