import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scheduleInstanceId } from "../../../src/request/index.js";
import { waitFor } from "../../helpers/waitFor.js";
import { provisioned } from "../operations/operationHelpers.js";
import type { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";

/** How far ahead a test's occurrence is: its cluster is provisioned first, on a loaded machine too. */
export const LEAD_MS = 25_000;

/** A dev-cluster request whose one schedule, `down`, scales `pools` once, at `at` (UTC). */
export function withSchedule(label: string, at: Date, pools: Record<string, number>) {
  const request = aRequest(label);
  (request as Record<string, unknown>).schedules = [
    { name: "down", schedule: cronAt(at), timeZone: "UTC", action: { kind: "scale", pools } },
  ];
  return request;
}

/** Never during a test run (1 January): the tests run the timer themselves, through the admin API. */
export const NEVER = "0 0 0 1 1 *";

/**
 * The timer tests' settings: the timer runs only when a test runs it, and the grace is long enough for a devhost
 * restart on a loaded machine.
 */
export const TIMER_SETTINGS = { SCHEDULE_TIMER: NEVER, SCHEDULE_GRACE_MINUTES: "2" };

/**
 * A provisioned cluster whose schedule `down` scales `pools` once, LEAD_MS from now (after it is provisioned), and
 * that occurrence's instance id.
 */
export async function provisionedWithOccurrence(p: Provisioner, label: string, pools: Record<string, number>) {
  const at = secondsFromNow(LEAD_MS);
  const request = withSchedule(label, at, pools);
  await provisioned(p, request);
  return { at, request, instanceId: scheduleInstanceId(request.requestId, "down", at) };
}

/** A 6-field NCRONTAB expression that matches exactly `at` (UTC, whole seconds) once a year. */
export function cronAt(at: Date): string {
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} ${at.getUTCDate()} ${at.getUTCMonth() + 1} *`;
}

/** A whole second `ms` from now. */
export function secondsFromNow(ms: number): Date {
  return new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);
}

/** Runs the schedule timer now (`POST /admin/functions/scheduleTimer` with the master key) and waits for it. */
export async function runTimer(p: Provisioner): Promise<void> {
  const keys = JSON.parse(readFileSync(join(p.stateDir, "devhost", "keys.json"), "utf8")) as { masterKey: string };
  const res = await fetch(`${p.url}/admin/functions/scheduleTimer`, {
    method: "POST",
    headers: { "x-functions-key": keys.masterKey },
  });
  assert.equal(res.status, 202, `the timer ran: HTTP ${res.status}`);
}

/** A Durable instance's status through the devhost's Durable HTTP API; undefined while there is none. */
export async function instance(
  p: Provisioner,
  instanceId: string,
): Promise<{ runtimeStatus: string; customStatus?: unknown; output?: unknown } | undefined> {
  const res = await fetch(`${p.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`);
  if (res.status === 404) return undefined;
  assert.ok(res.status === 200 || res.status === 202, `status of ${instanceId}: HTTP ${res.status}`);
  return (await res.json()) as { runtimeStatus: string; customStatus?: unknown; output?: unknown };
}

/** Waits until an instance has ended and returns its output. */
export async function ended(p: Provisioner, instanceId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const run = await waitFor(
    async () => {
      const s = await instance(p, instanceId);
      return s && ["Completed", "Failed", "Terminated"].includes(s.runtimeStatus) ? s : undefined;
    },
    { timeoutMs, intervalMs: 100, message: `instance ${instanceId} to end` },
  );
  assert.equal(run.runtimeStatus, "Completed", JSON.stringify(run.output));
  return run.output as Record<string, unknown>;
}

/** Sleeps until the wall clock has passed `at`. */
export async function until(at: Date): Promise<void> {
  const ms = at.getTime() - Date.now();
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** The ARM call log's PUTs of one agent pool, oldest first, with the count each sent. */
export async function poolPuts(p: Provisioner, pool: string): Promise<{ atMs: number; count?: number }[]> {
  const { value } = await p.arm.control.calls();
  return value
    .filter((c) => c.method === "PUT" && c.path.toLowerCase().endsWith(`/agentpools/${pool}`))
    .map((c) => ({
      atMs: c.atMs,
      count: (c.requestBody as { properties?: { count?: number } } | undefined)?.properties?.count,
    }));
}
