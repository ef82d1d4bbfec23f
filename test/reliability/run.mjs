// `npm run test:reliability [-- --long] [-- --test-name-pattern=<suite>]`: the reliability suite, at the issue's
// sizes with --long. Other flags go to Node's runner: `--test-name-pattern="hostile input"` runs one suite.
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const long = args.includes("--long");
const passed = args.filter((a) => a !== "--long");
// The long runs take minutes each (10,000 hostile inputs, 20 crash cycles): two hours instead of the runner's
// five-minute guard, unless the caller gives its own.
const timeout = long && !passed.some((a) => a.startsWith("--test-timeout")) ? ["--test-timeout=7200000"] : [];
const child = spawn(process.execPath, ["scripts/run-tests.mjs", ...timeout, ...passed, "test/reliability"], {
  stdio: "inherit",
  env: { ...process.env, ...(long ? { RELIABILITY_LONG: "1" } : {}) },
});
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
