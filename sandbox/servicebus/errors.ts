/** Thrown when the entity configuration cannot be loaded; names the offending entity and field. */
export class BrokerConfigError extends Error {
  override name = "BrokerConfigError";
}

/** Type guard that works across duplicate module copies. */
export function isBrokerConfigError(e: unknown): e is BrokerConfigError {
  return e instanceof Error && e.name === "BrokerConfigError";
}

/** An AMQP error the broker sends back: condition as Service Bus spells it, and a description. */
export interface AmqpCondition {
  condition: string;
  description: string;
}

/**
 * One factory for every error a client can see, keyed to the real service's conditions so the SDK
 * maps each to the same `ServiceBusError.code` it would get from Azure (docs/specs/servicebus-amqp.md §3, §4, §5).
 */
export const brokerErrors = {
  entityNotFound: (address: string): AmqpCondition => ({
    condition: "amqp:not-found",
    description: `The messaging entity 'sb://localhost/${address}' could not be found.`,
  }),
  messageSizeExceeded: (size: number, limit: number): AmqpCondition => ({
    condition: "amqp:link:message-size-exceeded",
    description: `The received message (size ${size} bytes) exceeds the limit (${limit} bytes) of this entity.`,
  }),
  lockLost: (): AmqpCondition => ({
    condition: "com.microsoft:message-lock-lost",
    description: "The lock supplied is invalid. Either the lock expired, or the message has already been removed.",
  }),
  messageNotFound: (sequenceNumber: string): AmqpCondition => ({
    condition: "com.microsoft:message-not-found",
    description: `Failed to retrieve the message with sequence number ${sequenceNumber}.`,
  }),
  notImplemented: (operation: string): AmqpCondition => ({
    condition: "amqp:not-implemented",
    description: `The operation '${operation}' is not supported by the sandbox broker.`,
  }),
  badRequest: (description: string): AmqpCondition => ({ condition: "amqp:invalid-field", description }),
  unauthorized: (description: string): AmqpCondition => ({ condition: "amqp:unauthorized-access", description }),
};
