import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import type { SandboxServer } from "../shared/server.js";
import type { StandInStateOptions } from "../shared/stateOptions.js";
import { registry, setCoreLogSink } from "./app/coreApi.js";
import { Invoker } from "./app/invoke.js";
import { loadApp } from "./app/loadApp.js";
import { OutputBindings } from "./app/outputBindings.js";
import { ServiceBusConnections } from "./app/serviceBusConnections.js";
import { readHostSettings, readLocalSettings } from "./app/settings.js";
import { unsupportedBindingWarnings } from "./app/unsupportedBindings.js";
import { DURABLE_PREFIX, handleDurableApi } from "./durable/clientApi.js";
import { durableClientData } from "./durable/clientData.js";
import { DurableEngine, type DurableEngineOptions } from "./durable/engine.js";
import { statusJson } from "./durable/statusJson.js";
import { DevhostFaults } from "./faults.js";
import { HttpTriggerRouter } from "./http/httpTriggers.js";
import { authorize, loadOrCreateKeys } from "./http/keys.js";
import { DevhostLogger, type LogSink, stdoutSink } from "./log.js";
import { ServiceBusTriggers } from "./triggers/serviceBusTriggers.js";
import { TimerTriggers } from "./triggers/timerTriggers.js";

/** Options of the devhost; all optional. */
export interface DevhostOptions
  extends Pick<
      DurableEngineOptions,
      "longRunningTimerIntervalDuration" | "maximumShortTimerDuration" | "activityFailureDetails" | "clock"
    >,
    StandInStateOptions {
  /** The Functions app (package.json `main`, host.json, local.settings.json). Defaults to the cwd. */
  appDir?: string;
  /**
   * Glob of the files to load instead of package.json `main`, relative to `appDir` — e.g. `"src/functions/*.ts"`
   * to run the TypeScript sources without a build. `.ts` files need the process to run under `--import tsx`.
   * Defaults to package.json `main`.
   */
  main?: string;
  /** Port; 0 picks a free one. Defaults to 0. */
  port?: number;
  /** Interface to listen on. Defaults to 127.0.0.1. */
  hostname?: string;
  /** App settings merged over local.settings.json `Values` and the process environment. */
  env?: Record<string, string>;
  /** Overrides host.json `durableTask.maxConcurrentActivityFunctions`. */
  maxConcurrentActivityFunctions?: number;
  /** Overrides host.json `durableTask.maxConcurrentOrchestratorFunctions`. */
  maxConcurrentOrchestratorFunctions?: number;
  /** Overrides host.json `serviceBus.maxConcurrentCalls`. */
  serviceBusMaxConcurrentCalls?: number;
  /** Run timer triggers. Defaults to true. */
  timers?: boolean;
  /** Run Service Bus triggers. Defaults to true. */
  serviceBus?: boolean;
  /** Log sink; false silences. Defaults to stdout. */
  log?: LogSink | false;
}

/** A running devhost. */
export interface Devhost extends SandboxServer {
  /** Host-level function key (valid for every `function`-level function); also in env.DEVHOST_KEY. */
  functionKey: string;
  /** Master key (admin level). */
  masterKey: string;
  /** Base URL of the Durable HTTP API, with trailing slash. */
  durableBaseUrl: string;
  /** Names of the functions the app registered. */
  functions: string[];
  engine: DurableEngine;
  /** Waits for an instance to reach a terminal status; resolves to its status JSON (with history). */
  waitForInstance(instanceId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Invokes a timer-triggered function now. */
  runTimer(name: string): Promise<boolean>;
  /** Test faults (also `POST /admin/faults` with the master key). */
  faults: DevhostFaults;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", fail);
  });
}

/**
 * Starts the local Functions + Durable host: loads the app from package.json `main`, serves its HTTP triggers
 * (keys enforced), timer and Service Bus triggers, runs orchestrations with the durable-functions library's own
 * replay, and serves the Durable client API.
 */
export async function startDevhost(options: DevhostOptions = {}): Promise<Devhost> {
  const appDir = resolve(options.appDir ?? process.cwd());
  const log = new DevhostLogger(options.log === false ? () => {} : (options.log ?? stdoutSink));
  setCoreLogSink((level, category, message) => log.host(level, `${category}: ${message}`));
  const stateDir = options.stateDir ? resolve(options.stateDir) : undefined;
  const keys = loadOrCreateKeys(stateDir);

  let ready: ((req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<void>) | undefined;
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
      if (!ready) return void res.writeHead(503).end();
      await ready(req, res, url, body);
    } catch (err) {
      log.host("error", `request failed: ${(err as Error)?.stack ?? err}`);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 0, options.hostname ?? "127.0.0.1", () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const publicOrigin = `http://localhost:${port}`;

  // A start that fails at any step (bad host.json, an unresolved %Setting% in host.json, a route or a schedule, an
  // app that does not load, an appStart hook that throws) undoes the steps before it: nothing stays listening or armed.
  const undo: (() => unknown)[] = [() => server.close()];
  try {
    // Settings precedence: explicit options.env > process environment > local.settings.json Values.
    const local = readLocalSettings(appDir);
    for (const [k, v] of Object.entries(local)) if (process.env[k] === undefined) process.env[k] = v;
    process.env.WEBSITE_HOSTNAME = `localhost:${port}`;
    const noProxy = new Set((process.env.NO_PROXY ?? "").split(",").filter(Boolean));
    process.env.NO_PROXY = [...noProxy.add("127.0.0.1").add("localhost")].join(",");
    Object.assign(process.env, options.env ?? {});
    const env = process.env as Record<string, string | undefined>;
    const host = readHostSettings(appDir, env);
    if (registry.functions.size === 0) await loadApp(appDir, options.main);
    for (const warning of unsupportedBindingWarnings(registry)) log.host("warning", warning);
    const connections = new ServiceBusConnections(env);
    undo.push(() => connections.close());
    const outputs = new OutputBindings(env, connections);
    const invoker = new Invoker(log, registry, host.functionTimeoutMs, outputs);
    await invoker.appStart(appDir);
    undo.push(() => invoker.appTerminate());
    const links = durableClientData(publicOrigin, host.hubName);
    const clientData = () => links;
    const engine = new DurableEngine(registry, invoker, log, {
      clientData,
      stateDir: stateDir ? resolve(stateDir, "durable") : undefined,
      compactAfterBytes: options.compactAfterBytes,
      fsync: options.fsync,
      maxConcurrentActivityFunctions: options.maxConcurrentActivityFunctions ?? host.maxConcurrentActivityFunctions,
      maxConcurrentOrchestratorFunctions:
        options.maxConcurrentOrchestratorFunctions ?? host.maxConcurrentOrchestratorFunctions,
      longRunningTimerIntervalDuration: options.longRunningTimerIntervalDuration,
      maximumShortTimerDuration: options.maximumShortTimerDuration,
      activityFailureDetails: options.activityFailureDetails,
      clock: options.clock,
    });
    undo.push(() => engine.stop());
    engine.start();
    const faults = new DevhostFaults();
    faults.onHoldDispatch = (held) => engine.holdDispatch(held);
    const http = new HttpTriggerRouter({ registry, invoker, keys, log, env, clientData });
    const timers = new TimerTriggers({ registry, invoker, engine, log, env, clientData });
    undo.push(() => timers.stop());
    if (options.timers !== false) timers.start();
    const serviceBus = new ServiceBusTriggers({
      registry,
      invoker,
      log,
      env,
      clientData,
      maxConcurrentCalls: options.serviceBusMaxConcurrentCalls ?? host.serviceBusMaxConcurrentCalls,
      connections,
      faults,
    });
    if (options.serviceBus !== false) await serviceBus.start();

    const prefix = host.routePrefix ? `/${host.routePrefix}` : "";
    ready = async (req, res, reqUrl, body) => {
      const path = reqUrl.pathname;
      if (path.startsWith(DURABLE_PREFIX)) {
        handleDurableApi(engine, links, req, res, reqUrl, body, faults);
        return;
      }
      if (path === "/admin/host/status") {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(
          JSON.stringify({ state: "Running", version: "4.x-devhost", functions: [...registry.functions.keys()] }),
        );
      }
      if (path === "/admin/faults" && (req.method === "POST" || req.method === "GET")) {
        const key = reqUrl.searchParams.get("code") ?? (req.headers["x-functions-key"] as string | undefined);
        if (!authorize(keys, "admin", "", key)) return void res.writeHead(401).end();
        let current: unknown;
        try {
          current = req.method === "POST" ? faults.set(JSON.parse(body.toString("utf8") || "null")) : faults.current();
        } catch (err) {
          return void res.writeHead(400, { "content-type": "text/plain" }).end((err as Error).message);
        }
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(JSON.stringify(current));
      }
      const admin = /^\/admin\/functions\/([^/]+)$/.exec(path);
      if (admin && req.method === "POST") {
        const key = reqUrl.searchParams.get("code") ?? (req.headers["x-functions-key"] as string | undefined);
        if (!authorize(keys, "admin", "", key)) return void res.writeHead(401).end();
        const ran = await timers.runNow(decodeURIComponent(admin[1] as string));
        return void res.writeHead(ran ? 202 : 404).end();
      }
      if (prefix === "" || path === prefix || path.startsWith(`${prefix}/`)) {
        const rest = path.slice(prefix.length) || "/";
        if (await http.handle(req, res, reqUrl, rest, body)) return;
      }
      res.writeHead(404).end();
    };
    log.host("info", `listening on ${url}; ${registry.functions.size} functions:`);
    for (const line of http.describe()) log.host("info", `  ${line}`);

    let stopped = false;
    return {
      url,
      env: {
        DEVHOST_URL: url,
        DEVHOST_KEY: keys.functionKeys.default as string,
        DEVHOST_MASTER_KEY: keys.masterKey,
        DURABLE_BASE_URL: `${url}${DURABLE_PREFIX}`,
      },
      functionKey: keys.functionKeys.default as string,
      masterKey: keys.masterKey,
      durableBaseUrl: `${url}${DURABLE_PREFIX}`,
      functions: [...registry.functions.keys()],
      engine,
      async waitForInstance(instanceId, timeoutMs) {
        const inst = await engine.waitForInstance(instanceId, timeoutMs);
        return statusJson(inst, { showHistory: true, showHistoryOutput: true });
      },
      runTimer: (name) => timers.runNow(name),
      faults,
      async stop() {
        if (stopped) return;
        stopped = true;
        timers.stop();
        await serviceBus.stop();
        server.closeAllConnections();
        await new Promise<void>((ok) => server.close(() => ok()));
        await engine.stop();
        await invoker.appTerminate();
        await connections.close();
      },
      async reset() {
        engine.reset();
      },
    };
  } catch (err) {
    for (const step of undo.reverse()) await step();
    throw err;
  }
}
