import { BrokerConfigError } from "./errors.js";
import { parseSqlFilter } from "./sqlFilter.js";

/** What a subscription rule can look at: broker/system properties and application properties. */
export interface FilterView {
  system: Record<string, unknown>;
  properties: Record<string, unknown>;
}

/** A compiled subscription rule. */
export type MessageFilter = (message: FilterView) => boolean;

// Correlation filter fields of the emulator's Config.json → system property names (as in `sys.X`).
const CORRELATION_FIELDS: Record<string, string> = {
  ContentType: "ContentType",
  CorrelationId: "CorrelationId",
  Label: "Label",
  MessageId: "MessageId",
  ReplyTo: "ReplyTo",
  ReplyToSessionId: "ReplyToSessionId",
  SessionId: "SessionId",
  To: "To",
};

/** Compiles one Config.json rule; an unsupported filter is refused at load with its location. */
export function compileRule(rule: Record<string, unknown>, where: string): MessageFilter {
  const props = (rule.Properties ?? {}) as Record<string, unknown>;
  if (props.Action !== undefined) throw new BrokerConfigError(`${where}: rule actions are not supported`);
  switch (props.FilterType) {
    case "Correlation":
      return correlationFilter((props.CorrelationFilter ?? {}) as Record<string, unknown>, where);
    case "Sql": {
      const expression = (props.SqlFilter as Record<string, unknown> | undefined)?.SqlExpression;
      if (typeof expression !== "string") throw new BrokerConfigError(`${where}: SqlFilter.SqlExpression missing`);
      try {
        return parseSqlFilter(expression);
      } catch (e) {
        throw new BrokerConfigError(`${where}: ${(e as Error).message}`);
      }
    }
    default:
      throw new BrokerConfigError(`${where}: FilterType must be Correlation or Sql`);
  }
}

/** Exact equality on every listed system and application property (all must match). */
export function correlationFilter(spec: Record<string, unknown>, where: string): MessageFilter {
  const system: [string, unknown][] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (key === "Properties") continue;
    const name = CORRELATION_FIELDS[key];
    if (!name) throw new BrokerConfigError(`${where}: unknown correlation filter field '${key}'`);
    system.push([name, value]);
  }
  const properties = Object.entries((spec.Properties ?? {}) as Record<string, unknown>);
  return (m) => system.every(([k, v]) => m.system[k] === v) && properties.every(([k, v]) => m.properties[k] === v);
}
