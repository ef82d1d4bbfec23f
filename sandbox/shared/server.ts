/** The life cycle every sandbox stand-in shares: start(options) resolves once it is listening. */
export interface SandboxServer {
  /** Base URL (or connection string host) clients use. */
  url: string;
  /** What a client needs in its environment, printed as KEY=value lines by the standalone entry. */
  env: Record<string, string>;
  /** Stops listening and flushes state; resolves when fully closed. */
  stop(): Promise<void>;
  /** Forgets all state (tests and benchmarks). */
  reset(): Promise<void>;
}

/** Prints `env` as KEY=value lines so a shell can `eval` them. */
export function printEnv(env: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) process.stdout.write(`${key}=${value}\n`);
}
