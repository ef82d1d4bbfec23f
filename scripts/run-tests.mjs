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
// A test that hangs fails after five minutes (unless the caller gives its own --test-timeout, as the reliability
// suite's long form does), and so does a file whose process is still running then (the timeout bounds each file's
// process too): one that leaves handles open after a failure is reported, not waited for. Five, not two: the
// reliability file's short form runs its five suites' sandboxes at once, about a minute on a quiet 2-core machine
// and past two on a loaded CI one (cancelled at 120 s there). No --test-force-exit:
// on Node 20–26 it drops the last verdicts of a file (its process exits before its report to the runner is
// drained), so the summary counts fewer tests than ran, at exit 0, and can lose a failure's name and error
// (nodejs/node#64833; here 58–71 of invalidRequests.test.ts's 71 tests, from one run to the next).
const timeout = flags.some((f) => f.startsWith("--test-timeout")) ? [] : ["--test-timeout=300000"];
const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", ...timeout, ...flags, ...files],
  {
    stdio: "inherit",
  },
);
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
