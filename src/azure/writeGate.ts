import { AsyncLocalStorage } from "node:async_hooks";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** What a write's budget check answers: send it, or come back then (`retryAtMs`, the ticket). */
export type GateAnswer = { granted: true } | { granted: false; retryAtMs: number; retryAfterMs: number };

/** Thrown by the gate instead of sending a write the budget refused; the metered activity answers a deferral. */
export class WriteRefusedError extends Error {
  override name = "WriteRefusedError";
  constructor(readonly answer: Extract<GateAnswer, { granted: false }>) {
    super(`the ARM write budget refused this write; come back in ${answer.retryAfterMs} ms`);
  }
}

interface Gate {
  take: () => Promise<GateAnswer>;
  taken: boolean;
}

const gates = new AsyncLocalStorage<Gate>();

/** Runs `fn` with its first ARM write held at the gate until `take` grants it (once: one token per activity). */
export function withWriteGate<T>(take: () => Promise<GateAnswer>, fn: () => Promise<T>): Promise<T> {
  return gates.run({ take, taken: false }, fn);
}

/**
 * Per call, before the SDK's retries: inside `withWriteGate`, the first request that is not a GET or HEAD (ARM counts
 * every other method as a write) takes its token right before it is sent, after the activity's existence read.
 */
export const writeGatePolicy: PipelinePolicy = {
  name: "aksProvisionerWriteGate",
  async sendRequest(request, next) {
    const gate = gates.getStore();
    if (gate && !gate.taken && request.method !== "GET" && request.method !== "HEAD") {
      const answer = await gate.take();
      if (!answer.granted) throw new WriteRefusedError(answer);
      gate.taken = true;
    }
    return next(request);
  },
};
