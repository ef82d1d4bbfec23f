import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { printEnv, serveUntilSignal } from "../shared/server.js";
import { startDevhost } from "./index.js";

// `npm run sandbox:devhost -- --port <p> --state-dir <dir> [--quiet] [--compact-bytes <n>] [appDir]`
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "7071" },
    "state-dir": { type: "string" },
    quiet: { type: "boolean", default: false },
    "compact-bytes": { type: "string" },
  },
});
const appDir = resolve(positionals[0] ?? process.cwd());
await serveUntilSignal(
  "devhost",
  () =>
    startDevhost({
      appDir,
      port: Number(values.port),
      stateDir: values["state-dir"] ?? resolve(appDir, ".state/devhost"),
      log: values.quiet ? false : undefined,
      compactBytes: values["compact-bytes"] ? Number(values["compact-bytes"]) : undefined,
    }),
  (devhost) =>
    printEnv({ DEVHOST_URL: devhost.env.DEVHOST_URL as string, DEVHOST_KEY: devhost.env.DEVHOST_KEY as string }),
);
