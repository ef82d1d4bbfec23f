import Module from "node:module";

/** A binding as the library registers it (trigger/input/output options spread plus name, type, direction). */
export interface RpcBinding {
  name?: string;
  type: string;
  direction: "in" | "out" | string;
  [key: string]: unknown;
}

/** The metadata `@azure/functions` hands to `registerFunction`. */
export interface FunctionMetadata {
  name: string;
  bindings: Record<string, RpcBinding>;
  retryOptions?: unknown;
}

/** The `InvocationModel` contract of the worker (types-core). */
export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: (...args: unknown[]) => unknown): Promise<unknown>;
  getResponse(
    context: unknown,
    result: unknown,
  ): Promise<{ returnValue?: unknown; outputData?: { name: string; data: unknown }[] }>;
}

/** The programming model `@azure/functions` registers with the core API. */
export interface ProgrammingModel {
  getInvocationModel(coreCtx: unknown): InvocationModel;
}

/** One function captured from the app. */
export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: (...args: unknown[]) => unknown;
  /** The trigger binding (its key in `metadata.bindings` is `triggerName`). */
  trigger: RpcBinding;
  triggerName: string;
}

type Hook = (context: unknown) => unknown;

/** Process-wide registry filled by the app's `app.*` calls (one app per process, as in the worker). */
export class FunctionRegistry {
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks = new Map<string, Hook[]>();
  programmingModel: ProgrammingModel | undefined;

  /** Finds a function by name, case-insensitively as the host does. */
  find(name: string): RegisteredFunction | undefined {
    const exact = this.functions.get(name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    for (const fn of this.functions.values()) if (fn.metadata.name.toLowerCase() === lower) return fn;
    return undefined;
  }

  /** Functions whose trigger type matches (case-insensitive). */
  byTrigger(type: string): RegisteredFunction[] {
    const lower = type.toLowerCase();
    return [...this.functions.values()].filter((f) => f.trigger.type.toLowerCase() === lower);
  }
}

/** The one registry of this process. */
export const registry = new FunctionRegistry();

class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  dispose(): void {
    this.callOnDispose();
  }
}

const coreApi = {
  version: "4.x-devhost",
  hostVersion: "4.x-devhost",
  Disposable,
  registerFunction(metadata: FunctionMetadata, callback: (...args: unknown[]) => unknown) {
    const entry = Object.entries(metadata.bindings).find(([, b]) => /trigger$/i.test(b.type));
    if (!entry) throw new Error(`Function '${metadata.name}' has no trigger binding`);
    if (registry.functions.has(metadata.name))
      throw new Error(`A function named '${metadata.name}' is already registered`);
    registry.functions.set(metadata.name, { metadata, callback, trigger: entry[1], triggerName: entry[0] });
    return new Disposable(() => registry.functions.delete(metadata.name));
  },
  setProgrammingModel(model: ProgrammingModel) {
    if (registry.programmingModel && registry.programmingModel !== model) {
      // Two copies of @azure/functions break `instanceof HttpResponse` and split module state.
      logSink("warning", "system", "A second copy of @azure/functions registered a programming model; dedupe it");
    }
    registry.programmingModel = model;
  },
  getProgrammingModel() {
    return registry.programmingModel;
  },
  registerHook(name: string, callback: Hook) {
    const list = registry.hooks.get(name) ?? [];
    list.push(callback);
    registry.hooks.set(name, list);
    return new Disposable(() => list.splice(list.indexOf(callback), 1));
  },
  log(level: string, category: string, message: string) {
    logSink(level, category, message);
  },
};

let logSink: (level: string, category: string, message: string) => void = () => {};

/** Routes the library's own system logs. */
export function setCoreLogSink(sink: (level: string, category: string, message: string) => void): void {
  logSink = sink;
}

let installed = false;

/**
 * Makes `require('@azure/functions-core')` return the devhost's core API, as the worker's setupCoreModule does.
 * `@azure/functions` is a CJS bundle, so its lazy require goes through Module.prototype.require even for ESM apps.
 */
export function installCoreModule(): void {
  if (installed) return;
  installed = true;
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, self, args: [string]) {
      return args[0] === "@azure/functions-core" ? coreApi : Reflect.apply(target, self, args);
    },
  });
}
