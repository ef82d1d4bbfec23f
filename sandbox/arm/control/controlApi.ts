import { ArmError } from "../errors.js";
import { jsonBody, type Reply, type RequestContext } from "../http/context.js";
import type { Frontend } from "../http/pipeline.js";
import type { FaultRule } from "../policies/faults.js";
import type { ThrottleSettings } from "../policies/throttle.js";
import type { ArmServices, RuntimeSettings } from "../services.js";
import { quotaView, updateQuota } from "./quotaControl.js";

const PREFIX = "/_sandbox";

/**
 * The control API under `/_sandbox/` for tests and benchmarks (no auth, not throttled, not logged):
 * faults, quota, throttling, settings, clock, call log, state dump and reset.
 */
export function controlApi(services: ArmServices, reset: () => void): Frontend {
  return {
    owns: (lowerPath) => lowerPath === PREFIX || lowerPath.startsWith(`${PREFIX}/`),
    handle: (ctx) => route(ctx, services, reset),
  };
}

function route(ctx: RequestContext, services: ArmServices, reset: () => void): Reply {
  const [, area, id] = ctx.segments.map((s) => s.toLowerCase());
  const m = ctx.method;
  const body = () => (jsonBody(ctx) ?? {}) as Record<string, unknown>;
  switch (`${m} ${area ?? ""}${id ? "/:id" : ""}`) {
    case "GET health":
      return ok({ status: "ok", now: new Date(services.clock.now()).toISOString() });
    case "POST reset":
      reset();
      return ok({ reset: true });
    case "GET state":
      return ok({
        resources: services.store.listResources().map((r) => ({ ...r.body, _sandbox: r.internal })),
        operations: services.store.listOperations(),
        clock: { nowMs: services.clock.now(), frozen: services.clock.frozen },
        settings: services.settings,
      });
    case "GET faults":
      return ok({ value: services.faults.list() });
    case "POST faults":
      return { status: 201, body: addRule(services, body()) };
    case "DELETE faults":
      services.faults.clear();
      return ok({ value: [] });
    case "DELETE faults/:id":
      return services.faults.remove(ctx.segments[2] ?? "")
        ? ok({ deleted: true })
        : { status: 404, body: { error: { code: "NotFound", message: "No such fault rule." } } };
    case "GET calls":
      return ok({ summary: services.calls.summary(), value: services.calls.list() });
    case "DELETE calls":
      services.calls.clear();
      return ok({ cleared: true });
    case "GET throttle":
      return ok(services.throttler.current);
    case "PUT throttle":
      return ok(services.throttler.configure(body() as Partial<ThrottleSettings>));
    case "GET quota":
      return ok(quotaView(services));
    case "PUT quota":
      updateQuota(services.settings.quota, body());
      return ok(quotaView(services));
    case "GET settings":
      return ok(services.settings);
    case "PUT settings":
      Object.assign(
        services.settings,
        pick(body(), [
          "profile",
          "timeScale",
          "seed",
          "retryAfterSeconds",
          "pageSize",
          "durationsMs",
          "lateNodes",
          "identityGroups",
        ]) as Partial<RuntimeSettings>,
      );
      // `lateNodes: null` turns late nodes off.
      if (services.settings.lateNodes === null) services.settings.lateNodes = undefined;
      return ok(services.settings);
    case "GET clock":
      return ok({ nowMs: services.clock.now(), frozen: services.clock.frozen });
    case "POST clock": {
      const b = body();
      if (b.reset === true) services.clock.reset();
      if (b.freeze === true) services.clock.freeze();
      if (b.freeze === false) services.clock.unfreeze();
      if (typeof b.advanceMs === "number") services.clock.advance(b.advanceMs);
      services.engine.advance();
      return ok({ nowMs: services.clock.now(), frozen: services.clock.frozen });
    }
    default:
      return { status: 404, body: { error: { code: "NotFound", message: `No control route ${m} ${ctx.path}.` } } };
  }
}

const ok = (body: unknown): Reply => ({ status: 200, body });

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

function addRule(services: ArmServices, raw: Record<string, unknown>): FaultRule {
  const actions = ["error", "lostResponse", "failAsync", "latency"];
  if (!actions.includes(String(raw.action))) {
    throw new ArmError(400, "InvalidFaultRule", `action must be one of ${actions.join(", ")}.`);
  }
  try {
    return services.faults.add(raw as unknown as FaultRule);
  } catch {
    throw new ArmError(400, "InvalidFaultRule", "pathPattern is not a valid regular expression.");
  }
}
