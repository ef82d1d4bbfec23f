import { parseArgs } from "node:util";
import { printEnv, serveUntilSignal } from "../shared/server.js";
import type { LatencyProfileName } from "./engine/latency.js";
import { startArmSandbox } from "./index.js";

const PROFILES: LatencyProfileName[] = ["instant", "fast", "realistic"];

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8443" },
    host: { type: "string", default: "127.0.0.1" },
    "state-dir": { type: "string", default: ".state/arm" },
    profile: { type: "string", default: "fast" },
    seed: { type: "string", default: "1" },
    "time-scale": { type: "string", default: "1" },
    "retry-after": { type: "string", default: "0" },
    "subscription-id": { type: "string" },
    // Comma-separated Entra group object ids the identity endpoint's tokens carry as `groups`.
    "identity-groups": { type: "string", default: "" },
  },
});

const profile = values.profile as LatencyProfileName;
if (!PROFILES.includes(profile)) {
  process.stderr.write(`--profile must be one of ${PROFILES.join(", ")}\n`);
  process.exit(2);
}

await serveUntilSignal(
  "sandbox/arm",
  () =>
    startArmSandbox({
      port: Number(values.port),
      host: values.host,
      stateDir: values["state-dir"],
      profile,
      seed: Number(values.seed),
      timeScale: Number(values["time-scale"]),
      retryAfterSeconds: Number(values["retry-after"]),
      ...(values["subscription-id"] ? { subscriptionId: values["subscription-id"] } : {}),
      identityGroups: values["identity-groups"].split(",").filter(Boolean),
    }),
  (sandbox) => {
    printEnv(sandbox.env);
    process.stderr.write(
      `[sandbox/arm] listening on ${sandbox.url} (profile ${profile}, started in ${sandbox.startupMs} ms). ` +
        `Clients trust the certificate with NODE_EXTRA_CA_CERTS=${sandbox.certPath}; control API at ${sandbox.url}/_sandbox/\n`,
    );
  },
);
