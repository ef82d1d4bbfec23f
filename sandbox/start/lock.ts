// One `npm start` per state dir: two would journal into the same files and corrupt them.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What the lock file records: the owner and its child processes (a test checks they are gone after a stop). */
export interface LockRecord {
  pid: number;
  children: Record<string, number>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockPath(stateDir: string): string {
  return join(stateDir, "start.lock");
}

export function readLock(stateDir: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(lockPath(stateDir), "utf8")) as LockRecord;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock for this process, or returns the pid that holds it. A lock left by a killed run is taken over,
 * and the children it recorded (Azurite outlives a SIGKILL of its parent) are ended first.
 */
export function acquireLock(stateDir: string): { heldBy?: number } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath(stateDir), JSON.stringify({ pid: process.pid, children: {} }), { flag: "wx" });
      return {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const held = readLock(stateDir);
    if (held && alive(held.pid)) return { heldBy: held.pid };
    for (const pid of Object.values(held?.children ?? {})) if (alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(lockPath(stateDir), { force: true });
  }
  return { heldBy: readLock(stateDir)?.pid ?? -1 };
}

/** Records a child process of the lock's owner. */
export function recordChild(stateDir: string, name: string, pid: number): void {
  const lock = readLock(stateDir) ?? { pid: process.pid, children: {} };
  lock.children[name] = pid;
  writeFileSync(lockPath(stateDir), JSON.stringify(lock));
}

export function releaseLock(stateDir: string): void {
  if (readLock(stateDir)?.pid === process.pid) rmSync(lockPath(stateDir), { force: true });
}
