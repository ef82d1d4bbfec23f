import type { AmqpCondition } from "../errors.js";

/** A failed broker operation, carrying the AMQP condition the client gets. */
export class BrokerError extends Error {
  override name = "BrokerError";
  constructor(readonly amqp: AmqpCondition) {
    super(amqp.description);
  }
}

/** Type guard that works across duplicate module copies. */
export function isBrokerError(e: unknown): e is BrokerError {
  return e instanceof Error && e.name === "BrokerError";
}
