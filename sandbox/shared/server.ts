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

/**
 * The standalone entry's life cycle: signal handlers go in before `start` so a SIGINT/SIGTERM that
 * arrives while starting (or the instant the env is printed) still stops cleanly with exit code 0.
 */
export async function serveUntilSignal<S extends Pick<SandboxServer, "stop">>(
  name: string,
  start: () => Promise<S>,
  onReady: (server: S) => void,
): Promise<void> {
  let stopping = false;
  const started = start();
  const stop = () => {
    if (stopping) return;
    stopping = true;
    started
      .then((server) => server.stop())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    const server = await started;
    if (!stopping) onReady(server);
  } catch (e) {
    process.stderr.write(`${name}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    process.exit(1);
  }
}
