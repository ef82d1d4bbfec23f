import type { FunctionRegistry } from "./coreApi.js";

/** Output binding types the devhost delivers: the HTTP response and Service Bus messages. */
const SUPPORTED_OUTPUTS = new Set(["http", "servicebus"]);
/** Input binding types besides the trigger the devhost fills: the Durable client. */
const SUPPORTED_INPUTS = new Set(["durableclient", "orchestrationclient"]);

/**
 * One warning per binding the devhost would otherwise drop without a word: an output it never delivers (a storage
 * queue, a blob, Cosmos DB, ...) or an input it never fills. In Azure the extension would run them, so a function
 * that relies on one behaves differently here, and the user must hear it at load rather than find out later.
 */
export function unsupportedBindingWarnings(registry: FunctionRegistry): string[] {
  const warnings: string[] = [];
  for (const fn of registry.functions.values()) {
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (name === fn.triggerName) continue;
      const type = binding.type.toLowerCase();
      if (binding.direction === "out" && !SUPPORTED_OUTPUTS.has(type)) {
        warnings.push(
          `function '${fn.metadata.name}': output binding '${binding.type}' (${name}) is not supported by the devhost; its values are dropped`,
        );
      } else if (binding.direction === "in" && !SUPPORTED_INPUTS.has(type)) {
        warnings.push(
          `function '${fn.metadata.name}': input binding '${binding.type}' (${name}) is not supported by the devhost; it stays empty`,
        );
      }
    }
  }
  return warnings;
}
