import type * as df from "durable-functions";
import type { ClusterReading, StartOutcome } from "../activities/index.js";
import type { ProvisionStatus, ResourceTarget, StepId, TaggedWrite } from "../request/index.js";
import { type Branch, call, sleepUntil } from "./activityCalls.js";
import type { Progress, TrackedStatus } from "./progress.js";
import type { OrchestrationSettings } from "./provisionInput.js";
import { azureError, fail, ok, type StepResult } from "./stepResult.js";

/** What the step generators share: the Durable context, the status, settings and the run's deadline. */
export interface Run<S extends TrackedStatus = ProvisionStatus> {
  context: df.OrchestrationContext;
  progress: Progress<S>;
  settings: OrchestrationSettings;
  deadline: Date;
}

/** The activity that starts each kind of long-running PUT. */
const START = {
  virtualNetwork: "startVirtualNetwork",
  registry: "startRegistry",
  replication: "startReplication",
  disk: "startDisk",
  managedCluster: "startClusterCreate",
} as const;

// Writes whose operation failing with a transient code is worth one more PUT. Not a cluster: AKS keeps a
// failed first provisioning Failed, so a re-PUT cannot help; it is reported as ARM said it.
const RESTARTS = 2;

/** When the next look may happen: the poll interval, or Azure's Retry-After when that is longer. */
export function nextLook(run: Run<TrackedStatus>, retryAfterSeconds?: number): Date {
  const seconds = Math.max(run.settings.pollIntervalSeconds, retryAfterSeconds ?? 0);
  return new Date(run.context.df.currentUtcDateTime.getTime() + seconds * 1000);
}

/** Whether the run is past its deadline. */
export function pastDeadline(run: Run<TrackedStatus>): boolean {
  return run.context.df.currentUtcDateTime.getTime() >= run.deadline.getTime();
}

/** The failure of a step that outlived the run's time limit, with what ARM showed last. */
export function timedOut(run: Run<TrackedStatus>, step: StepId, what: string, lastSeen: string | undefined) {
  const minutes = run.settings.timeoutMinutes;
  const last = lastSeen ? `; ARM last reported ${lastSeen}` : "";
  return fail(step, {
    code: "ProvisioningTimeout",
    message: `gave up after ${minutes} minutes waiting for ${what}${last}. Azure may still finish it.`,
  });
}

/**
 * One planned PUT, to a terminal state: start it (reusing it when it is already this request's), record it
 * as created before the first poll, then poll on durable timers, honouring Retry-After.
 */
export function* writeAndWait(
  run: Run<TrackedStatus>,
  step: StepId,
  write: TaggedWrite,
): Branch<StepResult<ResourceTarget>> {
  const { progress } = run;
  if (write.kind === "resourceGroup") throw new Error("the resource group is not a long-running write");
  for (let restart = 0; ; restart++) {
    progress.started(step, write.resourceId);
    const started = yield* call(START[write.kind], write as never, step);
    if (started.outcome === "failed") return fail(step, azureError(started.error));
    if (started.outcome === "done") return ok(started.target);
    const target = started.ref.target;
    if (!progress.status.created.some((c) => c.resourceId === target.resourceId)) progress.status.created.push(target);
    let ref = started.ref;
    let lastSeen = started.state;
    for (;;) {
      const polled = yield* call("pollOperation", ref, step);
      if (polled.outcome === "succeeded") return ok(target);
      if (polled.outcome === "failed") {
        if (polled.error.retryable && write.kind !== "managedCluster" && restart < RESTARTS) break;
        return fail(step, azureError(polled.error));
      }
      ref = polled.ref;
      lastSeen = polled.state ?? lastSeen ?? "InProgress";
      progress.waiting(step, lastSeen);
      if (pastDeadline(run)) return timedOut(run, step, write.resourceId, lastSeen);
      yield* sleepUntil(nextLook(run, polled.retryAfterSeconds));
    }
  }
}

/**
 * A started day-2 write, polled to ARM's terminal state on durable timers (Retry-After honoured), showing
 * `running` while ARM reports no state of its own. A start that needed no write (`done`) is done.
 */
export function* pollToEnd(
  run: Run<TrackedStatus>,
  step: StepId,
  started: StartOutcome,
  running: string,
): Branch<StepResult<true>> {
  if (started.outcome === "failed") return fail(step, azureError(started.error));
  if (started.outcome === "done") return ok(true);
  let ref = started.ref;
  for (;;) {
    const polled = yield* call("pollOperation", ref, step);
    if (polled.outcome === "succeeded") return ok(true);
    if (polled.outcome === "failed") return fail(step, azureError(polled.error));
    ref = polled.ref;
    run.progress.waiting(step, polled.state ?? running);
    if (pastDeadline(run)) return timedOut(run, step, ref.target.resourceId, polled.state);
    yield* sleepUntil(nextLook(run, polled.retryAfterSeconds));
  }
}

/** The cluster as ARM shows it now; a cluster that is not there fails the step. */
export function* readClusterStep(cluster: ResourceTarget, step: StepId): Branch<StepResult<ClusterReading>> {
  const read = yield* call("readCluster", cluster, step);
  if (read.found) return ok(read.cluster);
  return fail(
    step,
    read.error ? azureError(read.error) : { code: "ResourceNotFound", message: `${cluster.resourceId} does not exist` },
  );
}
