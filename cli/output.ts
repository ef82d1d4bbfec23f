import type { StepStatus } from "../src/request/index.js";
import { pc } from "./colours.js";
import { stepLine, type WatchedStatus } from "./watchModel.js";

/** Exit codes: a run or call that failed, and a request the API (or the offline check) refused as invalid. */
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;

/** Writes one line to stdout. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Writes one line to stderr. */
export function complain(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A status as lines: state, each step, then Azure's error or the outputs. */
export function statusLines(
  status: WatchedStatus & { requestId?: string; operationId?: string },
  nowMs: number,
): string[] {
  const title = status.operationId ? `operation ${status.operationId}` : (status.requestId ?? "");
  const lines = [`${title}: ${colourState(status.state)}`];
  for (const step of status.steps as StepStatus[]) lines.push(`  ${step.stage} / ${stepLine(step, nowMs)}`);
  lines.push(...endLines(status));
  return lines;
}

/** How a run ended: Azure's error (and the rollback), or what it made. */
export function endLines(status: WatchedStatus & { rollback?: { deletedResourceIds: string[] } }): string[] {
  const lines: string[] = [];
  if (status.failure) {
    const { step, error } = status.failure;
    lines.push(pc.red(`failed at ${step}: ${error.code}: ${error.message}`));
  }
  if (status.rollback) lines.push(`rolled back: ${status.rollback.deletedResourceIds.length} resource(s) deleted`);
  const outputs = status.outputs as Record<string, unknown> | undefined;
  if (outputs) {
    lines.push(pc.green(`${status.state}: outputs`));
    for (const [key, value] of Object.entries(outputs)) {
      lines.push(`  ${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`);
    }
  }
  if (status.result) lines.push(`result: ${JSON.stringify(status.result)}`);
  return lines;
}

function colourState(state: string): string {
  if (state === "succeeded") return pc.green(state);
  if (state === "failed" || state === "rolledBack" || state === "rejected" || state === "expired") return pc.red(state);
  return pc.yellow(state);
}
