import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The fixture app every devhost test loads. */
export const FIXTURE_APP = fileURLToPath(new URL("../../fixtures/devhost-app", import.meta.url));
const MAIN = fileURLToPath(new URL("../../../sandbox/devhost/main.ts", import.meta.url));

const created: string[] = [];

/** A fresh temp dir, removed by `removeTempDirs`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every dir `tempDir` made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** JSON body of a response, asserting nothing. */
export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Starts an orchestration through the fixture's HTTP starter; returns the check-status payload. */
export async function startViaHttp(
  baseUrl: string,
  key: string,
  name: string,
  input: unknown,
  instanceId?: string,
): Promise<{ id: string; statusQueryGetUri: string; status: number; location: string | null }> {
  const res = await fetch(`${baseUrl}/api/orchestrators/${name}${instanceId ? `/${instanceId}` : ""}?code=${key}`, {
    method: "POST",
    body: JSON.stringify(input),
  });
  const body = await json<{ id: string; statusQueryGetUri: string }>(res);
  return { ...body, status: res.status, location: res.headers.get("location") };
}

/** Polls a status URL until `predicate` holds. */
export async function pollStatus(
  url: string,
  predicate: (s: Record<string, unknown>) => boolean,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url);
    if (res.status !== 404) {
      const s = await json(res);
      if (predicate(s)) return s;
    } else await res.body?.cancel();
    if (Date.now() > deadline) throw new Error(`status at ${url} did not match within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A devhost running in a child process (so it can be SIGKILLed). */
export interface ChildDevhost {
  url: string;
  key: string;
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `sandbox/devhost/main.ts` on the fixture app with `stateDir`; resolves once it printed its URL. */
export function spawnDevhost(stateDir: string, extraArgs: string[] = []): Promise<ChildDevhost> {
  const args = ["--import", "tsx", MAIN, "--port", "0", "--state-dir", stateDir, "--quiet", ...extraArgs, FIXTURE_APP];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devhost did not start: ${err}`)), 20_000);
    child.stdout?.on("data", (d) => {
      out += d;
      const url = /DEVHOST_URL=(\S+)/.exec(out)?.[1];
      const key = /DEVHOST_KEY=(\S+)/.exec(out)?.[1];
      if (url && key) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve({
          url,
          key,
          child,
          async kill(signal = "SIGKILL") {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`devhost exited with ${code}: ${err}`));
    });
  });
}

/** History events of a status payload. */
export function historyOf(status: Record<string, unknown>): Record<string, unknown>[] {
  return (status.historyEvents ?? []) as Record<string, unknown>[];
}
