// What `npm start` tells its user: a banner to read, and the same values as KEY=value lines for scripts and the CLI.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** The values a client of the running sandbox needs (the CLI reads them from `<state dir>/env`). */
export interface StartEnv {
  API_URL: string;
  API_KEY: string;
  STATUS_PAGE_URL: string;
  SERVICEBUS_CONNECTION_STRING: string;
  EVENTS_TOPIC: string;
  REQUESTS_QUEUE: string;
  ARM_ENDPOINT: string;
  AZURE_SUBSCRIPTION_ID: string;
  AZURE_TENANT_ID: string;
  NODE_EXTRA_CA_CERTS: string;
}

export const WATCH_COMMAND = "npx aks-provisioner submit examples/dev-cluster.json --watch";

export function envLines(env: StartEnv): string {
  return `${Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")}\n`;
}

/** Writes `<state dir>/env`, readable by its owner only (it holds the API key). */
export function writeEnvFile(stateDir: string, env: StartEnv): string {
  const path = join(stateDir, "env");
  writeFileSync(path, envLines(env), { mode: 0o600 });
  return path;
}

export function banner(
  env: StartEnv,
  where: { stateDir: string; envFile: string; profile: string; picked: string[] },
): string {
  const picked = where.picked.length ? `\n  Free ports picked for ${where.picked.join(", ")} (0 was asked).\n` : "";
  return `
aks-provisioner is running (profile ${where.profile}; state in ${where.stateDir}; Ctrl-C stops it)

  API              ${env.API_URL}   (key: ${env.API_KEY})
  Status page      ${env.STATUS_PAGE_URL}?code=${env.API_KEY}
  Service Bus      ${env.SERVICEBUS_CONNECTION_STRING}
  Events topic     ${env.EVENTS_TOPIC}      Requests queue  ${env.REQUESTS_QUEUE}
  Simulated ARM    ${env.ARM_ENDPOINT}   (CA certificate ${env.NODE_EXTRA_CA_CERTS})
${picked}
Provision the example cluster and watch it (the CLI reads ${where.envFile}):

  ${WATCH_COMMAND}

For scripts (also in ${where.envFile}):

${envLines(env)}`;
}
