import { type ChildProcess, spawn } from "node:child_process";

/** How to start a stand-in and when it counts as up. */
export interface SpawnStandInOptions {
  /** `KEY=value` lines to wait for on stdout (the stand-ins print them once listening); their values land in `env`. */
  keys?: string[];
  /** Or any other sign of readiness in the output so far (stdout and stderr together). */
  readyWhen?: (output: string) => boolean;
  /** Rejects (and kills the child) if it is not ready by then. Defaults to 30 000 ms. */
  timeoutMs?: number;
  /** Environment of the child. Defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the child. Defaults to this process's. */
  cwd?: string;
}

/** A stand-in running in a child process (so a test can SIGKILL it). */
export interface StandInProcess {
  child: ChildProcess;
  /** The `KEY=value` lines named in `keys`. */
  env: Record<string, string>;
  /** Everything the child printed so far, stdout and stderr. */
  output(): string;
  /** Sends `signal` (SIGKILL by default) unless it already exited; resolves with how it exited. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `node --import tsx <entry> ...args` and resolves once it printed every `keys` line (or `readyWhen` holds);
 * rejects with its output if it exits or times out first. One implementation for every test that needs a stand-in
 * in its own process: the devhost and broker crash tests, `npm start`.
 */
export function spawnStandIn(
  entry: string,
  args: string[],
  options: SpawnStandInOptions = {},
): Promise<StandInProcess> {
  const keys = options.keys ?? [];
  // STANDIN_CPU_PROF_DIR=<dir>: each stand-in writes a V8 CPU profile there when it exits (docs/performance.md §4).
  const profileDir = process.env.STANDIN_CPU_PROF_DIR;
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", entry, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: options.env ?? process.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const handle: StandInProcess = {
    child,
    env: {},
    output: () => output,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void handle.kill();
      reject(new Error(`${entry} was not ready within ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const check = () => {
      for (const key of keys) {
        const value = new RegExp(`^${key}=(.*)$`, "m").exec(output)?.[1];
        if (value === undefined) return;
        handle.env[key] = value.trim();
      }
      if (options.readyWhen && !options.readyWhen(output)) return;
      clearTimeout(timer);
      child.off("exit", early);
      resolve(handle);
    };
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      check();
    };
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`));
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", early);
  });
}
