// `npm start`: the whole app on one machine — Azurite, the simulated ARM, the Service Bus broker and the
// devhost running the compiled app from dist/ — wired together exactly as Azure would be, by settings only.
//
// Two processes: this one (the supervisor) holds the state dir's lock, discards state on --fresh, and re-runs
// itself with NODE_EXTRA_CA_CERTS set (Node reads it only at start-up; src/ is not taught about the sandbox).
// The child runs the stand-ins; either side ending stops the other, and nothing outlives them.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { startArmSandbox } from "./arm/index.js";
import { startAzurite } from "./azurite/index.js";
import { startDevhost } from "./devhost/index.js";
import { startServiceBusSandbox } from "./servicebus/index.js";
import { type SandboxServer, serveUntilSignal } from "./shared/server.js";
import { loadOrCreateCertificate } from "./shared/tls.js";
import { appSettings, POLL_SECONDS } from "./start/appSettings.js";
import { banner, type StartEnv, writeEnvFile } from "./start/banner.js";
import { acquireLock, readLock, recordChild, releaseLock } from "./start/lock.js";
import { parseStartOptions } from "./start/options.js";
import { HUB_NETWORK, HUB_SUBNET_ID, seedHubNetwork } from "./start/seedData.js";

const appDir = resolve(import.meta.dirname, "..");
const options = parseStartOptions(process.argv.slice(2), appDir);
const { stateDir } = options;
const CHILD_MARK = "AKS_PROVISIONER_START_CHILD";

if (process.env[CHILD_MARK] !== "1") await supervise();
else await runStandIns();

async function supervise(): Promise<void> {
  mkdirSync(stateDir, { recursive: true });
  const lock = acquireLock(stateDir);
  if (lock.heldBy !== undefined) {
    console.error(
      `npm start: ${stateDir} is in use by another npm start (pid ${lock.heldBy}); stop it or pass --state-dir`,
    );
    process.exit(2);
  }
  if (options.fresh) {
    for (const part of ["azurite", "arm", "servicebus", "devhost", "env"]) {
      rmSync(resolve(stateDir, part), { recursive: true, force: true });
    }
  }
  const certificate = await loadOrCreateCertificate(stateDir);
  if (options.build) build();
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath, [CHILD_MARK]: "1" },
  });
  recordChild(stateDir, "sandbox", child.pid as number);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      child.kill(signal);
    });
  }
  const [code, signal] = (await new Promise((ok) => child.once("exit", (...r) => ok(r)))) as [
    number | null,
    NodeJS.Signals | null,
  ];
  endOrphans(child);
  releaseLock(stateDir);
  if (!stopping && code !== 0) {
    console.error(`npm start: the sandbox process ended (${signal ?? `exit code ${code}`}); everything is stopped`);
  }
  process.exit(signal ? 1 : (code ?? 1));
}

// A child that died without stopping its own (a SIGKILL, an uncaught error) leaves Azurite running: end it.
function endOrphans(child: ChildProcess): void {
  for (const [name, pid] of Object.entries(readLock(stateDir)?.children ?? {})) {
    if (pid === child.pid) continue;
    try {
      process.kill(pid, "SIGKILL");
      console.error(`npm start: ended ${name} (pid ${pid}), left behind by the sandbox process`);
    } catch {
      // already gone
    }
  }
}

interface RunningSandbox {
  env: StartEnv;
  picked: string[];
  stop(): Promise<void>;
}

let shuttingDown = false;

async function runStandIns(): Promise<void> {
  // The supervisor gone (even SIGKILLed) means nobody would stop us: stop now rather than hold the ports.
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
  // Ctrl-C reaches Azurite too (one process group): its exit then is the stop asked for, not a crash.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (shuttingDown = true));
  await serveUntilSignal("npm start", startAll, (running) => {
    const envFile = writeEnvFile(stateDir, running.env);
    console.log(banner(running.env, { stateDir, envFile, profile: options.profile, picked: running.picked }));
  });
}

// Starts every stand-in in dependency order; a failure part-way stops what had started.
async function startAll(): Promise<RunningSandbox> {
  const running: SandboxServer[] = [];
  let stopped = false;
  const stopAll = async () => {
    stopped = true;
    for (const server of running.reverse()) await server.stop().catch(() => {});
  };
  try {
    const azurite = await startAzurite({ stateDir: resolve(stateDir, "azurite") });
    running.push(azurite);
    recordChild(stateDir, "azurite", azurite.pid);
    // A part dying on its own stops the rest, with its name: a half-running sandbox only confuses.
    void azurite.exited.then(async ({ code, signal }) => {
      if (stopped || shuttingDown) return;
      console.error(`npm start: Azurite (storage) exited (${signal ?? `exit code ${code}`}); stopping the rest`);
      await stopAll();
      process.exit(1);
    });
    // Each stand-in owns its own folder under the root; the one certificate every client trusts stays in the root.
    const arm = await startArmSandbox({
      port: options.armPort,
      stateDir: resolve(stateDir, "arm"),
      certDir: stateDir,
      profile: options.profile,
    });
    running.push(arm);
    // Seed data before the app starts: the hub network examples/prod-cluster.json joins, sandbox only.
    if ((await seedHubNetwork(arm)) === "created")
      console.log(`npm start: seed data for ${HUB_NETWORK.example} (sandbox only): created ${HUB_SUBNET_ID}`);
    const serviceBus = await startServiceBusSandbox({
      port: options.servicebusPort,
      stateDir: resolve(stateDir, "servicebus"),
      certDir: stateDir,
    });
    running.push(serviceBus);
    // The devhost sets WEBSITE_HOSTNAME from the port it got (which --port 0 only knows once listening).
    const { WEBSITE_HOSTNAME: _, ...app } = appSettings(appDir);
    const settings: Record<string, string> = { POLL_INTERVAL_SECONDS: POLL_SECONDS[options.profile], ...app };
    const devhost = await startDevhost({
      appDir,
      port: options.port,
      stateDir: resolve(stateDir, "devhost"),
      env: { ...settings, ...azurite.env, ...arm.env, ...serviceBus.env },
    });
    running.push(devhost);
    const api = `${devhost.url}/api`;
    const picked = [
      ["--port", options.port, devhost.url],
      ["--arm-port", options.armPort, arm.url],
      ["--servicebus-port", options.servicebusPort, serviceBus.url],
    ]
      .filter(([, asked]) => asked === 0)
      .map(([flag, , url]) => `${flag} (${url})`);
    return {
      env: {
        API_URL: api,
        API_KEY: devhost.functionKey,
        STATUS_PAGE_URL: `${api}/ui`,
        SERVICEBUS_CONNECTION_STRING: serviceBus.connectionString,
        EVENTS_TOPIC: settings.EVENTS_TOPIC_NAME ?? "cluster-events",
        REQUESTS_QUEUE: settings.REQUESTS_QUEUE_NAME ?? "cluster-requests",
        ARM_ENDPOINT: arm.url,
        AZURE_SUBSCRIPTION_ID: arm.subscriptionId,
        AZURE_TENANT_ID: arm.tenantId,
        NODE_EXTRA_CA_CERTS: arm.certPath,
      },
      picked: picked as string[],
      stop: async () => {
        console.log("\nstopping the sandbox…");
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function build(): void {
  const tsc = resolve(appDir, "node_modules/typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", resolve(appDir, "tsconfig.json")], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("npm start: the build failed: fix the errors above (or pass --no-build to run the last build)");
    releaseLock(stateDir);
    process.exit(1);
  }
}
