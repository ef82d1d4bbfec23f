import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { printEnv, serveUntilSignal } from "../shared/server.js";
import { parseFsyncPolicy } from "../shared/stateOptions.js";
import { startDevhost } from "./index.js";

// `npm run sandbox:devhost -- --port <p> --state-dir <dir> [--quiet] [--fsync always|never] [--compact-after-bytes <n>]
//   [--main <glob>] [appDir]`. This entry runs under tsx, so `--main "src/functions/*.ts"` runs the TypeScript
//   sources of the app without a build.
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "7071" },
    "state-dir": { type: "string" },
    quiet: { type: "boolean", default: false },
    fsync: { type: "string" },
    "compact-after-bytes": { type: "string" },
    main: { type: "string" },
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
      ...(values.fsync ? { fsync: parseFsyncPolicy(values.fsync) } : {}),
      ...(values["compact-after-bytes"] ? { compactAfterBytes: Number(values["compact-after-bytes"]) } : {}),
      ...(values.main ? { main: values.main } : {}),
    }),
  (devhost) =>
    printEnv({ DEVHOST_URL: devhost.env.DEVHOST_URL as string, DEVHOST_KEY: devhost.env.DEVHOST_KEY as string }),
);
