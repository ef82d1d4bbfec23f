import type * as df from "durable-functions";
import type { EventToPublish } from "../activities/index.js";
import type { ClusterEventData, ClusterEventType } from "../events/clusterEventTypes.js";
import {
  type AzureError,
  type CreatedResource,
  type EventLog,
  logEvent,
  type OperationKind,
  type ProvisioningPlan,
  type ProvisionStatus,
  type StepId,
  type StepStatus,
  stepKindOf,
} from "../request/index.js";
import { Outbox } from "./outbox.js";
import type { OrchestrationSettings, QueuedRequest } from "./provisionInput.js";

/** What any tracked run's status has: its steps and what it created (a provisioning's, or a day-2 operation's). */
export interface TrackedStatus extends EventLog {
  requestId: string;
  state: string;
  steps: StepStatus[];
  created: CreatedResource[];
}

/**
 * A run's status as it happens: the steps (custom status, what the status API shows) and the events each change
 * publishes, numbered in order so every message id is deterministic across replays. A provisioning's step
 * changes are `cluster.provisioning.progress`; a day-2 operation's (`operation` given) are
 * `cluster.operation.progress`, numbered within the operation.
 */
export class Progress<S extends TrackedStatus = ProvisionStatus> {
  /** Where the run's events wait for the topic: in order, through a broker outage (`outbox.ts`). */
  readonly outbox: Outbox;
  private sequence = 0;
  private readonly queued: QueuedRequest | undefined;

  constructor(
    private readonly context: df.OrchestrationContext,
    private readonly plan: ProvisioningPlan,
    readonly status: S,
    private readonly operation?: { operationId: string; kind: OperationKind },
  ) {
    // A queued request's ids ride in the run's input (ProvisionInput, OperationInput): every event carries its
    // correlation id, and its acceptance goes out first, before anything the run itself publishes.
    const input = context.df.getInput() as { queued?: QueuedRequest; settings: OrchestrationSettings };
    this.queued = input.queued;
    this.outbox = new Outbox(context, status, input.settings, () => this.publishStatus());
    if (this.queued) this.event("cluster.request.accepted", this.queued.accepted, this.queued.messageId);
  }

  /** The progress of a provisioning whose steps are `steps` (all pending). */
  static ofProvisioning(context: df.OrchestrationContext, plan: ProvisioningPlan, steps: StepStatus[]): Progress {
    return new Progress(context, plan, { requestId: plan.requestId, state: "running", steps, created: [] });
  }

  private now(): string {
    return this.context.df.currentUtcDateTime.toISOString();
  }

  step(id: StepId): StepStatus {
    const step = this.status.steps.find((s) => s.id === id);
    if (!step) throw new Error(`unknown step ${id}`);
    return step;
  }

  /** Adds steps (all pending) to a run whose steps are known only as it goes (a day-2 operation's). */
  addSteps(steps: { id: StepId; resourceId?: string }[]): void {
    for (const { id, resourceId } of steps) {
      if (this.status.steps.some((s) => s.id === id)) continue;
      this.status.steps.push({
        id,
        kind: stepKindOf(id),
        stage: "operation",
        state: "pending",
        attempts: 0,
        ...(resourceId ? { resourceId } : {}),
      });
    }
  }

  /** A step begins (or writes again): running, one more attempt, its resource id known from here on. */
  started(id: StepId, resourceId?: string, countAttempt = true): void {
    const step = this.step(id);
    if (countAttempt) step.attempts++;
    if (resourceId) step.resourceId = resourceId;
    if (step.state === "running" || step.state === "waiting") return;
    step.state = "running";
    step.startedAt ??= this.now();
    this.progress(id, "started");
  }

  /** A step waits on Azure; the first wait is published, later ones only update what was last seen. */
  waiting(id: StepId, lastSeen: string | undefined): void {
    const step = this.step(id);
    if (lastSeen) step.lastSeen = lastSeen;
    if (step.state === "waiting") return;
    step.state = "waiting";
    this.progress(id, "waiting", lastSeen);
  }

  succeeded(id: StepId, how: "succeeded" | "found" = "succeeded", lastSeen?: string): void {
    const step = this.step(id);
    step.state = how;
    step.endedAt = this.now();
    if (lastSeen) step.lastSeen = lastSeen;
    this.progress(id, "succeeded", how === "found" ? "found existing, used as it is" : lastSeen);
  }

  failed(id: StepId, error: AzureError): void {
    const step = this.step(id);
    step.state = "failed";
    step.endedAt = this.now();
    step.error = error;
    this.progress(id, "failed", `${error.code}: ${error.message}`);
  }

  /** Steps that never ran because a failure came first. */
  skipPending(): void {
    for (const step of this.status.steps) if (step.state === "pending") step.state = "skipped";
  }

  setState(state: S["state"]): void {
    this.status.state = state;
  }

  /** Queues an event; it goes out with the next batch of activity calls, or at the next `deliver`. */
  event<T extends ClusterEventType>(type: T, data: ClusterEventData[T], sequence?: number | string): void {
    const { subscriptionId, resourceGroup, clusterName, requestId } = this.plan;
    const correlationId = this.queued?.correlationId;
    this.log(type, data, sequence);
    this.outbox.push({
      type,
      requestId,
      cluster: { subscriptionId, resourceGroup, clusterName },
      data,
      ...(sequence !== undefined ? { sequence } : {}),
      ...(correlationId ? { correlationId } : {}),
      time: this.now(),
    } as EventToPublish);
  }

  /** Keeps the event in the status (`events`): what the status API and page show of the topic. */
  private log<T extends ClusterEventType>(type: T, data: ClusterEventData[T], sequence?: number | string): void {
    const fields = data as { step?: unknown; status?: unknown; sequence?: unknown };
    const fromData = typeof fields.sequence === "number" ? fields.sequence : undefined;
    logEvent(this.status, {
      type,
      time: this.now(),
      ...((sequence ?? fromData) !== undefined ? { sequence: sequence ?? fromData } : {}),
      ...(typeof fields.step === "string" ? { step: fields.step } : {}),
      ...(typeof fields.status === "string" ? { status: fields.status } : {}),
    });
  }

  /** The status published, then every queued event out (`Outbox.flush`): the step before a state turns final. */
  *deliver(): Generator<df.Task, void, unknown> {
    this.publishStatus();
    yield* this.outbox.flush();
  }

  publishStatus(): void {
    this.context.df.setCustomStatus(this.status);
  }

  private progress(
    step: StepId,
    status: ClusterEventData["cluster.provisioning.progress"]["status"],
    message?: string,
  ) {
    this.sequence++;
    const note = message ? { message } : {};
    if (!this.operation) {
      this.event("cluster.provisioning.progress", { step, status, sequence: this.sequence, ...note });
      return;
    }
    // Operations of one request each count from 1: the operation id keeps their message ids apart.
    const sequence = `${this.operation.operationId}/${this.sequence}`;
    this.event("cluster.operation.progress", { ...this.operation, step, status, sequence, ...note }, sequence);
  }
}
