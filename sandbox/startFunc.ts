// `npm run start:func`: the same app under Azure Functions Core Tools (`func start`) instead of the devhost,
// against Azurite and the sandbox ARM and broker. Not run by the tests (Core Tools are not installed here).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { startArmSandbox } from "./arm/index.js";
import { startAzurite } from "./azurite/index.js";
import { startServiceBusSandbox } from "./servicebus/index.js";
import type { SandboxServer } from "./shared/server.js";
import { appSettings, POLL_SECONDS } from "./start/appSettings.js";
import { acquireLock, releaseLock } from "./start/lock.js";
import { parseStartOptions } from "./start/options.js";

const appDir = resolve(import.meta.dirname, "..");
const options = parseStartOptions(process.argv.slice(2), appDir, "npm run start:func --");

if (spawnSync("func", ["--version"], { stdio: "ignore" }).error) {
  console.error(
    "npm run start:func: Azure Functions Core Tools (`func`) are not installed or not on PATH.\n" +
      "Install them (https://learn.microsoft.com/azure/azure-functions/functions-run-local), or use `npm start`,\n" +
      "which runs the same app on the devhost and needs nothing else.",
  );
  process.exit(1);
}

mkdirSync(options.stateDir, { recursive: true });
if (acquireLock(options.stateDir).heldBy !== undefined) {
  console.error(`npm run start:func: ${options.stateDir} is in use by another start; stop it or pass --state-dir`);
  process.exit(2);
}
if (options.build) spawnSync("npm", ["run", "build"], { cwd: appDir, stdio: "inherit" });

const running: SandboxServer[] = [];
const azurite = await startAzurite({ stateDir: resolve(options.stateDir, "azurite") });
running.push(azurite);
const arm = await startArmSandbox({
  port: options.armPort,
  stateDir: resolve(options.stateDir, "arm"),
  certDir: options.stateDir,
  profile: options.profile,
});
running.push(arm);
const serviceBus = await startServiceBusSandbox({
  port: options.servicebusPort,
  stateDir: resolve(options.stateDir, "servicebus"),
  certDir: options.stateDir,
});
running.push(serviceBus);

// func reads its app settings from local.settings.json: keep the user's other values, point the rest at the sandbox.
const file = resolve(appDir, "local.settings.json");
const current = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { IsEncrypted: false, Values: {} };
const port = options.port === 0 ? 7071 : options.port;
current.Values = {
  ...appSettings(appDir),
  POLL_INTERVAL_SECONDS: POLL_SECONDS[options.profile],
  ...azurite.env,
  ...arm.env,
  ...serviceBus.env,
  WEBSITE_HOSTNAME: `localhost:${port}`,
};
writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
console.log(`wrote the sandbox's endpoints into ${file}; starting func on port ${port}…`);

const func = spawn("func", ["start", "--port", String(port)], {
  cwd: appDir,
  stdio: "inherit",
  env: { ...process.env, NODE_EXTRA_CA_CERTS: arm.certPath },
});
const stop = async (code: number) => {
  for (const server of running.reverse()) await server.stop().catch(() => {});
  releaseLock(options.stateDir);
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => func.kill(signal));
func.on("exit", (code) => void stop(code ?? 1));
void azurite.exited.then(() => {
  console.error("npm run start:func: Azurite (storage) exited; stopping func");
  func.kill("SIGTERM");
});
