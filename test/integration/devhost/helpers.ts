import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StandInProcess, spawnStandIn } from "../../helpers/spawnStandIn.js";
import { waitFor } from "../../helpers/waitFor.js";

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

/** Polls a status URL until `predicate` holds (404 counts as not yet). */
export async function pollStatus(
  url: string,
  predicate: (s: Record<string, unknown>) => boolean,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  let last: unknown;
  return waitFor(
    async () => {
      const res = await fetch(url);
      if (res.status === 404) return void (await res.body?.cancel());
      const s = await json(res);
      last = s;
      return predicate(s) ? s : undefined;
    },
    { timeoutMs, intervalMs: 25, message: () => `status at ${url} (last: ${JSON.stringify(last)})` },
  );
}

/** A devhost running in a child process (so it can be SIGKILLed). */
export interface ChildDevhost extends StandInProcess {
  url: string;
  key: string;
}

/** Spawns `sandbox/devhost/main.ts` on the fixture app with `stateDir`; resolves once it printed its URL and key. */
export async function spawnDevhost(stateDir: string, extraArgs: string[] = []): Promise<ChildDevhost> {
  const args = ["--port", "0", "--state-dir", stateDir, "--quiet", ...extraArgs, FIXTURE_APP];
  const host = await spawnStandIn(MAIN, args, { keys: ["DEVHOST_URL", "DEVHOST_KEY"] });
  return Object.assign(host, { url: host.env.DEVHOST_URL as string, key: host.env.DEVHOST_KEY as string });
}

/** History events of a status payload. */
export function historyOf(status: Record<string, unknown>): Record<string, unknown>[] {
  return (status.historyEvents ?? []) as Record<string, unknown>[];
}
