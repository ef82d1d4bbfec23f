// `npm start`: the whole app on one machine — Azurite, the simulated ARM, the Service Bus broker and the
// devhost running the compiled app from dist/ — wired together exactly as Azure would be, by settings only.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { type LatencyProfileName, startArmSandbox } from "./arm/index.js";
import { startAzurite } from "./azurite/index.js";
import { startDevhost } from "./devhost/index.js";
import { startServiceBusSandbox } from "./servicebus/index.js";
import { type SandboxServer, serveUntilSignal } from "./shared/server.js";
import { loadOrCreateCertificate } from "./shared/tls.js";

// The app's poll interval stands to each profile's ARM durations about as production's 10 s does to real Azure's
// minutes (local.settings.json's POLL_INTERVAL_SECONDS wins when set).
const POLL_SECONDS: Record<LatencyProfileName, string> = { instant: "0.1", fast: "0.25", realistic: "10" };

const { values: args } = parseArgs({
  options: {
    "state-dir": { type: "string", default: ".state" },
    profile: { type: "string", default: "fast" },
    "arm-port": { type: "string", default: "8443" },
    "servicebus-port": { type: "string", default: "5672" },
    "devhost-port": { type: "string", default: "7071" },
    "no-build": { type: "boolean", default: false },
  },
});
const appDir = resolve(import.meta.dirname, "..");
const profile = args.profile as LatencyProfileName;
if (!(profile in POLL_SECONDS)) {
  console.error(`--profile must be one of ${Object.keys(POLL_SECONDS).join(", ")}`);
  process.exit(2);
}
const stateDir = resolve(appDir, args["state-dir"]);
const certificate = await loadOrCreateCertificate(stateDir);

// The app's Azure SDK clients must trust the sandbox certificate, and Node reads NODE_EXTRA_CA_CERTS only at
// start-up: re-run this script once with it set rather than teaching src/ about the sandbox.
if (process.env.NODE_EXTRA_CA_CERTS !== certificate.certPath) {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
} else {
  if (!args["no-build"]) build();
  await serveUntilSignal("sandbox", startAll, printBanner);
}

interface RunningSandbox {
  arm: string;
  serviceBus: string;
  devhost: string;
  key: string;
  stop(): Promise<void>;
}

// Starts every stand-in in dependency order; a failure part-way stops what had started.
async function startAll(): Promise<RunningSandbox> {
  const running: SandboxServer[] = [];
  const stopAll = async () => {
    for (const server of running.reverse()) await server.stop().catch(() => {});
  };
  try {
    const azurite = await startAzurite({ stateDir: resolve(stateDir, "azurite") });
    running.push(azurite);
    // Each stand-in owns its own folder under the root; the one certificate every client trusts stays in the root.
    const arm = await startArmSandbox({
      port: Number(args["arm-port"]),
      stateDir: resolve(stateDir, "arm"),
      certDir: stateDir,
      profile,
    });
    running.push(arm);
    const serviceBus = await startServiceBusSandbox({
      port: Number(args["servicebus-port"]),
      stateDir: resolve(stateDir, "servicebus"),
      certDir: stateDir,
    });
    running.push(serviceBus);
    const devhost = await startDevhost({
      appDir,
      port: Number(args["devhost-port"]),
      stateDir: resolve(stateDir, "devhost"),
      env: {
        POLL_INTERVAL_SECONDS: POLL_SECONDS[profile],
        ...appSettings(),
        ...azurite.env,
        ...arm.env,
        ...serviceBus.env,
        WEBSITE_HOSTNAME: `localhost:${args["devhost-port"]}`,
      },
    });
    running.push(devhost);
    return {
      arm: arm.url,
      serviceBus: serviceBus.connectionString,
      devhost: devhost.url,
      key: devhost.functionKey,
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

// Example settings (less the poll interval, which follows the profile) < the user's local.settings.json < the
// sandbox's endpoints; blanks mean "unset".
function appSettings(): Record<string, string> {
  const read = (file: string): Record<string, string> => {
    const path = resolve(appDir, file);
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")).Values ?? {}) : {};
  };
  const { POLL_INTERVAL_SECONDS: _, ...example } = read("local.settings.example.json");
  const merged = { ...example, ...read("local.settings.json") };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== ""));
}

function build(): void {
  const tsc = resolve(appDir, "node_modules/typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", resolve(appDir, "tsconfig.json")], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("build failed: fix the errors above (or pass --no-build to run the last build)");
    process.exit(1);
  }
}

function printBanner(urls: RunningSandbox): void {
  console.log(`
aks-provisioner sandbox is running (state in ${stateDir}; Ctrl-C stops it)

  Functions host   ${urls.devhost}      (function key: ${urls.key})
  ARM              ${urls.arm}
  Service Bus      ${urls.serviceBus}
  CA certificate   ${certificate.certPath}

Provision the example cluster, then watch its status:

  curl -X POST ${urls.devhost}/api/clusters -H "x-functions-key: ${urls.key}" -d @examples/dev-cluster.json
  curl ${urls.devhost}/api/clusters/CHG-2001 -H "x-functions-key: ${urls.key}"

For scripts (also in ${resolve(stateDir, "env")}):
`);
  const env = { API_URL: `${urls.devhost}/api`, API_KEY: urls.key, SERVICEBUS_CONNECTION_STRING: urls.serviceBus };
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  console.log(`${lines.join("\n")}\n`);
  writeFileSync(resolve(stateDir, "env"), `${lines.join("\n")}\n`, { mode: 0o600 });
}
