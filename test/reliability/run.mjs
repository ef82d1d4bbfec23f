// `npm run test:reliability [-- --long]`: the reliability suite, at the sizes with --long.
import { spawn } from "node:child_process";

const long = process.argv.includes("--long");
const child = spawn(process.execPath, ["scripts/run-tests.mjs", "test/reliability"], {
  stdio: "inherit",
  env: { ...process.env, ...(long ? { RELIABILITY_LONG: "1" } : {}) },
});
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
