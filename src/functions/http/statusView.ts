import type * as df from "durable-functions";
import type { ProvisionInput } from "../../orchestrators/provisionInput.js";
import { initialSteps, type OperationSummary, type ProvisionState, type ProvisionStatus } from "../../request/index.js";
import { eventsView } from "./eventsView.js";

/** The status API's body (`statusResponseSchema` in src/request/apiSchemas.ts). */
export type StatusView = Omit<ProvisionStatus, "created" | "state" | "events"> & {
  events?: ReturnType<typeof eventsView>["events"];
  instanceId: string;
  /** The day-2 operations on the cluster, newest first. */
  operations?: OperationSummary[];
  state: ProvisionState;
  createdTime?: string;
  lastUpdatedTime?: string;
  links: { status: string; operation: string };
};

/** Whether the run has ended (the operation URL answers 200 from then on). */
export function hasEnded(status: df.DurableOrchestrationStatus): boolean {
  return ["Completed", "Failed", "Terminated", "Canceled"].includes(status.runtimeStatus);
}

/**
 * What the status API shows of an instance: while it runs, its custom status; when done, its output; before
 * its first step, the plan's steps, all pending. A run the host failed or terminated is `failed` with why.
 */
export function statusView(status: df.DurableOrchestrationStatus, links: StatusView["links"]): StatusView {
  const input = status.input as ProvisionInput | undefined;
  const reported = (hasEnded(status) && status.runtimeStatus === "Completed" ? status.output : status.customStatus) as
    | ProvisionStatus
    | null
    | undefined;
  const base = reported ?? {
    requestId: input?.plan.requestId ?? "",
    state: "accepted" as const,
    steps: input ? initialSteps(input.plan) : [],
    created: [],
  };
  const { created: _created, events: _events, ...shown } = base;
  const view: StatusView = {
    ...shown,
    ...eventsView(shown.requestId, base),
    instanceId: status.instanceId,
    createdTime: iso(status.createdTime),
    lastUpdatedTime: iso(status.lastUpdatedTime),
    links,
  };
  if (
    status.runtimeStatus === "Failed" ||
    status.runtimeStatus === "Terminated" ||
    status.runtimeStatus === "Canceled"
  ) {
    const code = status.runtimeStatus === "Failed" ? "OrchestrationFailed" : status.runtimeStatus;
    const message =
      typeof status.output === "string"
        ? (status.output.split("\n")[0] ?? "")
        : `the run was ${status.runtimeStatus.toLowerCase()}`;
    const step =
      view.steps.find((s) => s.state === "running" || s.state === "waiting")?.id ??
      view.failure?.step ??
      "resourceGroup";
    view.state = "failed";
    view.failure ??= { step, error: { code, message } };
  }
  return view;
}

function iso(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === "string" ? value : undefined;
}
