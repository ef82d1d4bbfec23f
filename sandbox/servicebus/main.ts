import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { printEnv, serveUntilSignal } from "../shared/server.js";
import { parseFsyncPolicy } from "../shared/stateOptions.js";
import { startServiceBusSandbox } from "./index.js";

// `npm run sandbox:servicebus -- --port 5672 --tls-port 5671 --state-dir .state/servicebus --config file.json
//   [--fsync always|never] [--compact-after-bytes <n>]`
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "5672" },
    "tls-port": { type: "string", default: "5671" },
    "state-dir": { type: "string", default: ".state/servicebus" },
    config: { type: "string" },
    fsync: { type: "string", default: "always" },
    "compact-after-bytes": { type: "string" },
  },
});

const fsync = parseFsyncPolicy(values.fsync);
await serveUntilSignal(
  "sandbox/servicebus",
  () =>
    startServiceBusSandbox({
      port: Number(values.port),
      tlsPort: values["tls-port"] === "none" ? null : Number(values["tls-port"]),
      // Absolute, so the printed SERVICEBUS_CA_CERT works from any directory.
      stateDir: resolve(values["state-dir"]),
      fsync,
      ...(values["compact-after-bytes"] ? { compactAfterBytes: Number(values["compact-after-bytes"]) } : {}),
      ...(values.config ? { config: values.config } : {}),
    }),
  (sandbox) => printEnv(sandbox.env),
);
