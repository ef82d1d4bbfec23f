import { createHash } from "node:crypto";
import type { ScaleSchedule } from "./clusterRequest.js";
import type { ClusterState } from "./clusterRow.js";
import { occurrencesBetween } from "./scheduleOccurrences.js";

/** What the schedule timer needs of a cluster (the registry row's fields). */
export interface ScheduledCluster {
  requestId: string;
  /** The registry's state: only a `provisioned` or `stopped` cluster has its schedules applied. */
  state: string;
  schedules: ScaleSchedule[];
  /** When the provisioning succeeded (ISO 8601): nothing occurs before it. */
  provisionedAt?: string;
  /** When it was deprovisioned (ISO 8601): nothing occurs after it. */
  deletedAt?: string;
  /** `provisionedAt + ttlHours` (ISO 8601). */
  expiresAt?: string;
}

/** One run of the timer: when the last one ran (none: the first run ever), now, and the grace. */
export interface ScheduleRun {
  lastRunAt?: Date;
  now: Date;
  graceMinutes: number;
}

/** A schedule's action, as the request has it. */
export type ScheduleActionBody = ScaleSchedule["action"];

/** What the timer does for one schedule: start an occurrence, or report occurrences missed beyond the grace. */
export type ScheduleAction =
  | {
      kind: "apply";
      scheduleName: string;
      /** The occurrence, UTC ISO 8601. */
      occurrence: string;
      action: ScheduleActionBody;
      /** One Durable instance per (cluster, schedule, occurrence): a repeated run finds it instead of a new one. */
      instanceId: string;
    }
  | {
      kind: "skip";
      scheduleName: string;
      action: ScheduleActionBody["kind"];
      /** How many occurrences were missed (at least this many when `truncated`), first and last. */
      count: number;
      truncated: boolean;
      first: string;
      last: string;
      /** Keys the skipped event's message id: a repeat of the same run publishes the same id. */
      sequence: string;
    };

/** Cluster states whose schedules are applied. */
export const SCHEDULED_STATES: readonly ClusterState[] = ["provisioned", "stopped"];

/** Durable's longest instance id. */
const MAX_INSTANCE_ID = 100;

/**
 * The actions of one timer run for a cluster. Occurrences inside the grace (`(now − grace, now]`) are applied,
 * repeatedly across runs but once each (their instance ids); occurrences after the last run that are already older
 * than the grace (the host was down) are skipped, coalesced into one action per schedule. Occurrences at or before
 * the last run minus the grace were an earlier run's, and nothing occurs before the cluster was provisioned or after
 * it was deleted.
 */
export function planScheduleRun(cluster: ScheduledCluster, run: ScheduleRun): ScheduleAction[] {
  if (!(SCHEDULED_STATES as readonly string[]).includes(cluster.state) || !cluster.provisionedAt) return [];
  const now = run.now.getTime();
  const graceMs = run.graceMinutes * 60_000;
  const applyFrom = now - graceMs;
  const lastRun = Math.min(run.lastRunAt?.getTime() ?? applyFrom, now);
  const from = Math.max(Math.min(lastRun, applyFrom), Date.parse(cluster.provisionedAt));
  const to = cluster.deletedAt ? Math.min(now, Date.parse(cluster.deletedAt)) : now;
  const actions: ScheduleAction[] = [];
  cluster.schedules.forEach((schedule, index) => {
    const scheduleName = scheduleKey(schedule, index);
    if (from < Math.min(applyFrom, to)) {
      const until = new Date(Math.min(applyFrom, to));
      const missed = occurrencesBetween(schedule.schedule, schedule.timeZone, new Date(from), until);
      const first = missed.instants[0];
      const last = missed.instants.at(-1);
      if (first && last)
        actions.push({
          kind: "skip",
          scheduleName,
          action: schedule.action.kind,
          count: missed.instants.length,
          truncated: missed.truncated,
          first: first.toISOString(),
          last: last.toISOString(),
          sequence: `skipped/${scheduleName}/${compactUtc(first)}`,
        });
    }
    const due = occurrencesBetween(
      schedule.schedule,
      schedule.timeZone,
      new Date(Math.max(from, applyFrom)),
      new Date(to),
    );
    for (const at of due.instants) {
      actions.push({
        kind: "apply",
        scheduleName,
        occurrence: at.toISOString(),
        action: schedule.action,
        instanceId: scheduleInstanceId(cluster.requestId, scheduleName, at),
      });
    }
  });
  return actions;
}

/** A schedule's name, or for an unnamed one its position and a hash of what it is (stable while it is unchanged). */
export function scheduleKey(schedule: ScaleSchedule, index: number): string {
  if (schedule.name) return schedule.name;
  const what = JSON.stringify([schedule.schedule, schedule.timeZone, schedule.action]);
  return `${index}-${shortHash(what)}`;
}

/**
 * `sched-{requestId}-{schedule}-{occurrence, UTC compact}`: deterministic, within Durable's 100 characters and its
 * characters (request ids and schedule names are letters, digits, `.`, `_`, `-`); a long schedule name is hashed.
 */
export function scheduleInstanceId(requestId: string, scheduleName: string, occurrence: Date): string {
  const id = `sched-${requestId}-${scheduleName}-${compactUtc(occurrence)}`;
  return id.length <= MAX_INSTANCE_ID ? id : `sched-${requestId}-${shortHash(scheduleName)}-${compactUtc(occurrence)}`;
}

/** The instance id of a cluster's expiry (TTL): one per cluster. */
export function expiryInstanceId(requestId: string): string {
  return `ttl-${requestId}`;
}

/**
 * Whether the timer starts the cluster's expiry now: it has a TTL, still exists, and `now` is within the notice
 * lead of `expiresAt` (the expiry orchestration announces it, then waits until `expiresAt`).
 */
export function expiryDue(cluster: ScheduledCluster, now: Date, noticeHours: number): boolean {
  if (!cluster.expiresAt || !(SCHEDULED_STATES as readonly string[]).includes(cluster.state)) return false;
  return now.getTime() >= Date.parse(cluster.expiresAt) - noticeHours * 3_600_000;
}

/** `20261025T003000Z`: an instant in UTC, safe in instance ids and message-id sequences. */
export function compactUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}/, "")
    .replaceAll(/[-:]/g, "");
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
