import type * as df from "durable-functions";
import { publishEvents } from "../activities/events.js";
import type { EventToPublish } from "../activities/index.js";
import type { EventTrigger } from "../events/clusterEventTypes.js";
import { CLUSTER_OPERATION } from "../orchestrators/clusterOperation.js";
import type { OperationInput } from "../orchestrators/operationInput.js";
import type { OperationKind, ProvisioningPlan, RequestProblem } from "../request/index.js";
import { deprovisionedBy, findCluster } from "./clusterRecord.js";
import { findRun } from "./findRun.js";
import { hasEnded } from "./http/statusView.js";
import { orchestrationSettings } from "./orchestrationSettings.js";
import { scaleBody } from "./poolBodies.js";
import { getServices } from "./services.js";

/** One occurrence to start: a schedule's action, or a TTL's deprovision, under its own instance id. */
export interface ScheduledStart {
  requestId: string;
  instanceId: string;
  kind: Extract<OperationKind, "scale" | "stop" | "start" | "deprovision">;
  /** A scale's `{ pools: { name: count } }`; nothing for the others. */
  body?: unknown;
  trigger: EventTrigger;
  /** The occurrence (UTC ISO 8601), named in a skipped event. */
  occurrence: string;
  /**
   * Runs the operation inside another orchestration (a TTL's expiry, which waits first): the name to start and
   * its input around the operation's.
   */
  wrap?: { orchestration: string; input: (operation: OperationInput) => unknown };
}

/**
 * How a start ended: `started`; `exists` (this occurrence was started before: never again, even once it has ended);
 * `running` (exists and has not ended); `skipped` (nothing to do: no such cluster, deleted, not provisioned, or the
 * action no longer fits it, reported); `deferred` (the cluster could not be read now: the next run tries again).
 */
export type ScheduledStartOutcome = "started" | "exists" | "running" | "skipped" | "deferred";

/**
 * Starts one occurrence's `clusterOperation` idempotently. Durable starts a completed instance id over if asked, so
 * the instance is looked up first, and a start that loses a race to another is an `exists`. The run waits for a
 * busy cluster's lock (at most the operation time limit) instead of failing.
 */
export async function startScheduled(
  client: df.DurableClient,
  start: ScheduledStart,
  log: (message: string) => void,
): Promise<ScheduledStartOutcome> {
  const existing = await findRun(client, start.instanceId);
  if (existing) return hasEnded(existing) ? "exists" : "running";
  const record = await findCluster(client, start.requestId);
  if (record?.outcome?.state !== "succeeded" || deprovisionedBy(record)) {
    log(`${start.instanceId}: request ${start.requestId} has no provisioned cluster; nothing started`);
    return "skipped";
  }
  const { plan } = record.input;
  let body: unknown = {};
  if (start.kind === "scale") {
    const checked = await Promise.resolve(
      scaleBody(start.body, plan, { request: record.input.request, params: {} }),
    ).catch((error: unknown) => ({ ok: false as const, unreadable: String(error) }));
    if (!checked.ok && "problems" in checked) {
      await publishInvalid(plan, start, checked.problems);
      return "skipped";
    }
    if (!checked.ok) {
      log(`${start.instanceId}: cannot read ${plan.clusterName}'s pools now; the next run tries again`);
      return "deferred";
    }
    body = checked.value;
  }
  // A holder that has ended without releasing (terminated, crashed) would keep the lock forever: take it over.
  const holder = record.lock.holder;
  const holderRun = holder ? await findRun(client, holder.instanceId) : undefined;
  const settings = orchestrationSettings(getServices().config);
  const input: OperationInput = {
    // Deterministic, and unique per occurrence: the operation URL's id and its events' message-id key.
    operationId: start.wrap ? `${start.instanceId}:${start.kind}` : start.instanceId,
    requestId: start.requestId,
    kind: start.kind,
    plan,
    provision: {
      created: record.outcome?.created ?? [],
      resourceGroupFound: record.outcome?.resourceGroupFound ?? false,
    },
    settings,
    body,
    ...(holder && holderRun && hasEnded(holderRun) ? { takeOverFrom: holder.instanceId } : {}),
    waitForLock: { maxMinutes: settings.timeoutMinutes },
    trigger: start.trigger,
  };
  try {
    const [name, startInput] = start.wrap
      ? [start.wrap.orchestration, start.wrap.input(input)]
      : [CLUSTER_OPERATION, input];
    await client.startNew(name, { instanceId: start.instanceId, input: startInput });
    return "started";
  } catch (error) {
    if (await findRun(client, start.instanceId)) return "exists";
    throw error;
  }
}

// A scale whose pools no longer fit the cluster (a pool removed since): one event, keyed by the occurrence.
async function publishInvalid(plan: ProvisioningPlan, start: ScheduledStart, problems: RequestProblem[]) {
  const event: EventToPublish = {
    type: "cluster.schedule.skipped",
    requestId: start.requestId,
    cluster: { subscriptionId: plan.subscriptionId, resourceGroup: plan.resourceGroup, clusterName: plan.clusterName },
    data: {
      scheduleName: start.trigger.kind === "schedule" ? start.trigger.scheduleName : start.kind,
      action: "scale",
      reason: "invalidAction",
      count: 1,
      firstOccurrence: start.occurrence,
      lastOccurrence: start.occurrence,
      message: problems.map((p) => `${p.path}: ${p.message}`).join("; "),
    },
    sequence: `invalid/${start.instanceId}`,
    time: new Date().toISOString(),
  };
  await publishEvents(getServices().publisher, [event]);
}
