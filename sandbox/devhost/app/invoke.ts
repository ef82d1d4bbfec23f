import { randomUUID } from "node:crypto";
import type { DevhostLogger } from "../log.js";
import { registry as defaultRegistry, type FunctionRegistry, type RegisteredFunction } from "./coreApi.js";
import { failureMessage } from "./failureMessage.js";
import { deliverableOutputs, type OutputBindings } from "./outputBindings.js";

/** The worker's RpcTypedData subset the devhost produces. */
export type RpcTypedData =
  | { string: string }
  | { json: string }
  | { bytes: Uint8Array }
  | { int: number }
  | { double: number }
  | { http: Record<string, unknown> };

/** What one invocation needs besides the function. */
export interface InvokeInput {
  /** Data for the trigger binding. */
  trigger: RpcTypedData;
  /** Data for other input bindings, keyed by binding name. */
  extraInputs?: Record<string, RpcTypedData>;
  triggerMetadata?: Record<string, RpcTypedData>;
  /** Shown in the invocation log line. */
  instanceId?: string;
  /** Extra text for the log line. */
  logDetail?: string;
}

/** The raw handler result plus the worker-style response (return value / output bindings). */
export interface InvokeOutput {
  raw: unknown;
  /** The InvocationContext the handler received. */
  context: unknown;
  returnValue?: unknown;
  outputData?: { name: string; data: unknown }[];
}

/** Error raised when the app has no programming model (nothing registered through @azure/functions). */
export class NoProgrammingModelError extends Error {
  override name = "NoProgrammingModelError";
}

/** Error for an invocation that outlived host.json `functionTimeout`. */
export class FunctionTimeoutError extends Error {
  override name = "FunctionTimeoutError";
}

/**
 * Invokes functions through the captured ProgrammingModel's InvocationModel, exactly as the Node worker does,
 * so arguments and responses are converted by the library itself.
 */
export class Invoker {
  private readonly appHookData: Record<string, unknown> = {};

  constructor(
    private readonly log: DevhostLogger,
    private readonly registry: FunctionRegistry = defaultRegistry,
    /** host.json `functionTimeout`; the invocation fails after it (its code keeps running, as in the host). */
    private readonly functionTimeoutMs?: number,
    /** Delivers Service Bus output bindings after a successful invocation. */
    private readonly outputs?: OutputBindings,
  ) {}

  /** Runs `appStart` hooks once the app is loaded. */
  async appStart(appDir: string): Promise<void> {
    for (const hook of this.registry.hooks.get("appStart") ?? []) {
      await hook({ hookData: this.appHookData, appHookData: this.appHookData, functionAppDirectory: appDir });
    }
  }

  /** Runs `appTerminate` hooks. */
  async appTerminate(): Promise<void> {
    for (const hook of this.registry.hooks.get("appTerminate") ?? []) {
      await hook({ hookData: this.appHookData, appHookData: this.appHookData });
    }
  }

  private async withTimeout<T>(name: string, work: Promise<T>): Promise<T> {
    const ms = this.functionTimeoutMs;
    if (ms === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FunctionTimeoutError(`Timeout value of ${ms} ms was exceeded by function: Functions.${name}`)),
        ms,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Invokes `fn`; throws what the handler throws; logs one line. */
  async invoke(fn: RegisteredFunction, input: InvokeInput, wantResponse = false): Promise<InvokeOutput> {
    const model = this.registry.programmingModel;
    if (!model) throw new NoProgrammingModelError("No programming model registered");
    const invocationId = randomUUID();
    const name = fn.metadata.name;
    const inputData = [{ name: fn.triggerName, data: input.trigger }];
    for (const [bindingName, data] of Object.entries(input.extraInputs ?? {}))
      inputData.push({ name: bindingName, data });
    const coreCtx = {
      invocationId,
      request: { invocationId, functionId: name, inputData, triggerMetadata: input.triggerMetadata },
      metadata: fn.metadata,
      state: undefined as string | undefined,
      log: (level: string, category: string, message: string) => {
        if (category === "user") this.log.user(name, level, message);
        else this.log.host(level, `${name}: ${message}`);
      },
    };
    const started = performance.now();
    let outcome = "Succeeded";
    let error: string | undefined;
    try {
      const invocationModel = model.getInvocationModel(coreCtx);
      const args = await invocationModel.getArguments();
      const context = args.context;
      let inputs = args.inputs;
      let callback = fn.callback;
      const hookData: Record<string, unknown> = {};
      const pre = this.registry.hooks.get("preInvocation") ?? [];
      if (pre.length > 0) {
        const preCtx = {
          hookData,
          appHookData: this.appHookData,
          invocationContext: context,
          functionCallback: callback,
          inputs,
        };
        for (const hook of pre) await hook(preCtx);
        callback = preCtx.functionCallback;
        inputs = preCtx.inputs;
      }
      coreCtx.state = "invocation";
      let raw: unknown;
      let error: unknown;
      try {
        raw = await this.withTimeout(name, invocationModel.invokeFunction(context, inputs, callback));
      } catch (err) {
        error = err;
      }
      const post = this.registry.hooks.get("postInvocation") ?? [];
      if (post.length > 0) {
        coreCtx.state = "postInvocationHooks";
        const postCtx = {
          hookData,
          appHookData: this.appHookData,
          invocationContext: context,
          inputs,
          result: raw,
          error,
        };
        for (const hook of post) await hook(postCtx);
        raw = postCtx.result;
        error = postCtx.error;
      }
      if (error !== undefined && error !== null) throw error;
      const hasOutputs = this.outputs !== undefined && deliverableOutputs(fn).length > 0;
      if (!wantResponse && !hasOutputs) return { raw, context };
      const response = await invocationModel.getResponse(context, raw);
      if (hasOutputs) await this.outputs?.deliver(fn, response);
      return { raw, context, returnValue: response.returnValue, outputData: response.outputData };
    } catch (err) {
      outcome = "Failed";
      error = failureMessage(err);
      throw err;
    } finally {
      this.log.invocation({
        functionName: name,
        instanceId: input.instanceId,
        durationMs: performance.now() - started,
        outcome,
        error,
        detail: input.logDetail,
      });
    }
  }
}
