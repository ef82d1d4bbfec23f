import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** `npm start` (sandbox/start.ts) in its own process group, so a test can SIGKILL the whole tree at once. */
export interface StartProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with how it exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The `KEY=value` lines of the banner (empty until it printed them). */
  env(): Record<string, string>;
  /** SIGKILL to every process of the tree (its process group). */
  killTree(): Promise<void>;
}

const READY = /^NODE_EXTRA_CA_CERTS=\S+$/m;

/** Runs sandbox/start.ts with `args`; `ready` waits for the banner's last KEY=value line (or rejects on exit). */
export function runStart(args: string[]): StartProcess & { ready(timeoutMs?: number): Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "sandbox/start.ts", "--no-build", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    // The supervisor sets the CA path itself; an inherited one would skip nothing, but keep the run honest.
    env: { ...process.env, NODE_EXTRA_CA_CERTS: "" },
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    env: () => parseEnv(output),
    async killTree() {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
      await exited;
    },
    ready(timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`npm start not ready in ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const check = () => {
          if (!READY.test(output)) return;
          clearTimeout(timer);
          resolve();
        };
        child.stdout?.on("data", check);
        check();
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`npm start exited (${signal ?? code}) before it was ready:\n${output}`));
        });
      });
    },
  };
}

/** KEY=value lines (whole lines of UPPER_SNAKE keys) into an object. */
export function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
}

export function readEnvFile(stateDir: string): Record<string, string> {
  return parseEnv(readFileSync(join(stateDir, "env"), "utf8"));
}

/** Whether a process with `pid` still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
