import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(REPO, "cli/bin.mjs");

/** What a CLI run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI (`cli/bin.mjs`, as `npx aks-provisioner` does) as a child process, non-TTY. Asynchronous: the
 * simulated ARM and the broker run in this test's process and must keep answering while the CLI waits.
 */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A request written to a file of its own, for `plan` and `submit`. */
export function requestFile(body: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "cli-request-")), "request.json");
  writeFileSync(file, JSON.stringify(body));
  return file;
}
