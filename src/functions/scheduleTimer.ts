import { app, type InvocationContext, type Timer } from "@azure/functions";
import * as df from "durable-functions";
import { publishEvents } from "../activities/events.js";
import type { EventToPublish } from "../activities/index.js";
import { EXPIRY, type ExpiryInput } from "../orchestrators/expiry.js";
import {
  expiryDue,
  expiryInstanceId,
  planScheduleRun,
  SCHEDULED_STATES,
  type ScheduleAction,
  type ScheduledCluster,
  type ScheduleRun,
} from "../request/index.js";
import { startScheduled } from "./scheduledStart.js";
import { getServices } from "./services.js";

/** A cluster as the timer reads it from the registry: what the planner needs, and where the cluster is. */
export interface ScheduledClusterRow extends ScheduledCluster {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  ttlHours?: number;
}

/** Where the timer finds every cluster with schedules or a TTL (the registry, page by page). */
export type ScheduledClusters = () => AsyncIterable<ScheduledClusterRow>;

/** What one run needs besides the clusters. */
export interface ScheduleTimerRun extends ScheduleRun {
  client: df.DurableClient;
  ttlNoticeHours: number;
  log: Pick<InvocationContext, "log" | "warn" | "error">;
}

/** What a run did, for its log line (and tests of it). */
export interface ScheduleRunReport {
  clusters: number;
  started: string[];
  skipped: number;
  failed: string[];
}

/**
 * One run of the schedule timer over every cluster: starts the occurrences due inside the grace (a cluster's in
 * occurrence order, the next only once the one before has ended: each waits for the cluster's lock, so two started
 * together could run in either order), publishes one `cluster.schedule.skipped` per schedule for what was missed
 * beyond it, and starts the TTL's expiry from `TTL_NOTICE_HOURS` before `expiresAt`. Instance ids and message ids
 * are deterministic, so a repeated or overlapping run starts and publishes nothing new. One bad cluster is logged
 * and the others go on.
 */
export async function runSchedules(clusters: ScheduledClusters, run: ScheduleTimerRun): Promise<ScheduleRunReport> {
  const report: ScheduleRunReport = { clusters: 0, started: [], skipped: 0, failed: [] };
  for await (const cluster of clusters()) {
    report.clusters++;
    try {
      await runCluster(cluster, run, report);
    } catch (error) {
      report.failed.push(cluster.requestId);
      run.log.error(
        `schedules of ${cluster.requestId} failed this run: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
  return report;
}

async function runCluster(cluster: ScheduledClusterRow, run: ScheduleTimerRun, report: ScheduleRunReport) {
  const log = (message: string) => run.log.log(message);
  const actions = planScheduleRun(cluster, run);
  const skipped = actions.filter((a): a is Extract<ScheduleAction, { kind: "skip" }> => a.kind === "skip");
  if (skipped.length > 0) {
    await publishEvents(
      getServices().publisher,
      skipped.map((a) => skippedEvent(cluster, a, run)),
    );
    report.skipped += skipped.length;
  }
  const due = actions
    .filter((a): a is Extract<ScheduleAction, { kind: "apply" }> => a.kind === "apply")
    .sort((a, b) => a.occurrence.localeCompare(b.occurrence));
  for (const a of due) {
    const { kind, ...rest } = a.action;
    const outcome = await startScheduled(
      run.client,
      {
        requestId: cluster.requestId,
        instanceId: a.instanceId,
        kind,
        body: rest,
        trigger: { kind: "schedule", scheduleName: a.scheduleName },
        occurrence: a.occurrence,
      },
      log,
    );
    if (outcome === "started") report.started.push(a.instanceId);
    if (outcome !== "exists" && outcome !== "skipped") break;
  }
  if (cluster.expiresAt && expiryDue(cluster, run.now, run.ttlNoticeHours)) {
    const { expiresAt, ttlHours } = cluster;
    const instanceId = expiryInstanceId(cluster.requestId);
    const outcome = await startScheduled(
      run.client,
      {
        requestId: cluster.requestId,
        instanceId,
        kind: "deprovision",
        trigger: { kind: "schedule", scheduleName: "ttl" },
        occurrence: expiresAt,
        wrap: {
          orchestration: EXPIRY,
          input: (operation): ExpiryInput => ({
            requestId: cluster.requestId,
            expiresAt,
            ...(ttlHours !== undefined ? { ttlHours } : {}),
            operation,
          }),
        },
      },
      log,
    );
    if (outcome === "started") report.started.push(instanceId);
  }
}

function skippedEvent(
  cluster: ScheduledClusterRow,
  a: Extract<ScheduleAction, { kind: "skip" }>,
  run: ScheduleRun,
): EventToPublish {
  const { subscriptionId, resourceGroup, clusterName } = cluster;
  const many = a.count === 1 ? "1 occurrence" : `${a.truncated ? "at least " : ""}${a.count} occurrences`;
  return {
    type: "cluster.schedule.skipped",
    requestId: cluster.requestId,
    cluster: { subscriptionId, resourceGroup, clusterName },
    data: {
      scheduleName: a.scheduleName,
      action: a.action,
      reason: "pastGrace",
      count: a.count,
      ...(a.truncated ? { truncated: true } : {}),
      firstOccurrence: a.first,
      lastOccurrence: a.last,
      message: `${many} missed by more than ${run.graceMinutes} minutes (SCHEDULE_GRACE_MINUTES) were not applied`,
    },
    sequence: a.sequence,
    time: run.now.toISOString(),
  };
}

/** The previous run's time from the timer's schedule status; none before the first run (the host's year 1). */
export function lastRunOf(timer: Timer | undefined): Date | undefined {
  const last = Date.parse(timer?.scheduleStatus?.last ?? "");
  return Number.isFinite(last) && new Date(last).getUTCFullYear() >= 2000 ? new Date(last) : undefined;
}

/**
 * The registry rows in a state the planner acts on (deleted and failed rows, which only grow, are not read) that
 * have schedules or a TTL, page by page.
 */
const registryClusters: ScheduledClusters = async function* () {
  const table = getServices().clusterTable;
  let continuationToken: string | undefined;
  do {
    const page = await table.list({ state: SCHEDULED_STATES }, continuationToken ? { continuationToken } : {});
    for (const row of page.rows) if (row.schedules.length > 0 || row.expiresAt) yield row;
    continuationToken = page.continuationToken;
  } while (continuationToken);
};

app.timer("scheduleTimer", {
  schedule: "%SCHEDULE_TIMER%",
  extraInputs: [df.input.durableClient()],
  handler: async (timer: Timer, context: InvocationContext) => {
    const { schedules } = getServices().config;
    const lastRunAt = lastRunOf(timer);
    const report = await runSchedules(registryClusters, {
      client: df.getClient(context),
      now: new Date(),
      ...(lastRunAt ? { lastRunAt } : {}),
      graceMinutes: schedules.graceMinutes,
      ttlNoticeHours: schedules.ttlNoticeHours,
      log: context,
    });
    context.log(
      `schedule run: ${report.clusters} clusters, started ${report.started.length}, ${report.skipped} skipped events, ${report.failed.length} failed`,
    );
  },
});
