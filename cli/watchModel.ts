import type { AzureError, ProvisioningStep, StageName, StepStatus } from "../src/request/index.js";

/** What a watch reads from the status API or an operation URL: a provisioning's or a day-2 operation's status. */
export interface WatchedStatus {
  state: string;
  steps: StepStatus[];
  outputs?: unknown;
  result?: unknown;
  failure?: { step: ProvisioningStep | string; error: AzureError };
}

/** A step's state or detail as it changed between two polls (the plain and `--json` watch's lines). */
export interface StepChange {
  step: StepStatus;
  /** The state before, `undefined` for a step seen for the first time. */
  from?: StepStatus["state"];
}

const ENDED_STEP = new Set<StepStatus["state"]>(["succeeded", "found", "failed", "skipped"]);

export function stepHasEnded(step: StepStatus): boolean {
  return ENDED_STEP.has(step.state);
}

/** The steps by stage, stages in the order their first step appears (the order they run). */
export function stageGroups(steps: StepStatus[]): { stage: StageName; steps: StepStatus[] }[] {
  const groups: { stage: StageName; steps: StepStatus[] }[] = [];
  for (const step of steps) {
    const group = groups.find((g) => g.stage === step.stage);
    if (group) group.steps.push(step);
    else groups.push({ stage: step.stage, steps: [step] });
  }
  return groups;
}

/** Steps whose state, attempts, last seen ARM state or error differ from the previous poll. */
export function stepChanges(previous: StepStatus[] | undefined, next: StepStatus[]): StepChange[] {
  const before = new Map((previous ?? []).map((s) => [s.id, s]));
  const changes: StepChange[] = [];
  for (const step of next) {
    const old = before.get(step.id);
    if (!old) {
      if (step.state !== "pending") changes.push({ step });
      continue;
    }
    if (
      old.state !== step.state ||
      old.attempts !== step.attempts ||
      old.lastSeen !== step.lastSeen ||
      old.error?.code !== step.error?.code
    ) {
      changes.push({ step, from: old.state });
    }
  }
  return changes;
}

/** Seconds a step has run: to its end, or to `nowMs` while it runs; undefined before it started. */
export function elapsedSeconds(step: StepStatus, nowMs: number): number | undefined {
  if (!step.startedAt) return undefined;
  const end = step.endedAt ? Date.parse(step.endedAt) : nowMs;
  return Math.max(0, (end - Date.parse(step.startedAt)) / 1000);
}

/** What a step is doing, beyond its state: retries, what ARM showed last, Azure's error, the resource. */
export function stepDetail(step: StepStatus): string {
  const parts: string[] = [step.state];
  if (step.attempts > 1) parts.push(`attempt ${step.attempts} (retried)`);
  if (step.lastSeen) parts.push(step.state === "waiting" ? `waiting on ${step.lastSeen}` : `ARM: ${step.lastSeen}`);
  if (step.error) parts.push(`${step.error.code}: ${step.error.message}`);
  if (step.resourceId) parts.push(shortResource(step.resourceId));
  return parts.join(" · ");
}

/** One line for a step: id, state, elapsed time and detail. */
export function stepLine(step: StepStatus, nowMs: number): string {
  const seconds = elapsedSeconds(step, nowMs);
  const time = seconds === undefined ? "" : ` ${seconds.toFixed(1)}s`;
  return `${step.id}${time} · ${stepDetail(step)}`;
}

/** `…/providers/Microsoft.Network/virtualNetworks/vnet-a` → `virtualNetworks/vnet-a`. */
export function shortResource(id: string): string {
  const parts = id.split("/").filter(Boolean);
  return parts.length >= 2 ? parts.slice(-2).join("/") : id;
}

/** Whether the watched run ended well (the operation URL answered 200 and its state says so). */
export function succeeded(status: WatchedStatus): boolean {
  return status.state === "succeeded";
}
