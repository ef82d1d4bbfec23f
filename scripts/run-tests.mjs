// Runs every *.test.ts under the given folders (default: test/) with Node's built-in runner through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "node_modules" || entry.startsWith(".")) return [];
    if (statSync(path).isDirectory()) return find(path);
    return entry.endsWith(".test.ts") ? [path] : [];
  });
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const files = (roots.length ? roots : ["test"]).flatMap((root) => (root.endsWith(".ts") ? [root] : find(root))).sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
// A test that hangs fails after two minutes (unless the caller gives its own --test-timeout, as the reliability
// suite's long form does), and a file that leaves handles open after a failure still exits: CI reports the
// failure instead of running into its time limit.
const timeout = flags.some((f) => f.startsWith("--test-timeout")) ? [] : ["--test-timeout=120000"];
const guards = [...timeout, "--test-force-exit"];
const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", ...guards, ...flags, ...files],
  {
    stdio: "inherit",
  },
);
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
