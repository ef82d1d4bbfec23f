import type * as df from "durable-functions";
import type { PreflightAnswer } from "../activities/index.js";
import {
  APPROVAL_EVENT,
  type ApprovalDecision,
  type ApprovalStatus,
  type CostEstimate,
  initialSteps,
  type ProvisionStatus,
  planSummaryOf,
  writeOf,
} from "../request/index.js";
import { refuseAtPreflight } from "./preflightRefusal.js";
import { checksOf } from "./preflightRetry.js";
import { Progress } from "./progress.js";
import { armRetry, type ProvisionInput } from "./provisionInput.js";
import { runBranches } from "./runBranches.js";

/** Longest single durable timer: longer waits are chained, as timers beyond 6 days are not relied on. */
export const MAX_TIMER_MS = 6 * 24 * 60 * 60 * 1000;

/** The gate's outcome: go on (with the approval for the status), or the run's final status. */
export type GateOutcome = { proceed: true; approval?: ApprovalStatus } | { proceed: false; status: ProvisionStatus };

/**
 * The approval gate of a provisioning that needs one (`input.approval`), before the cluster lock and before any
 * write: the preflight and the cost estimate (reads only), the registry's name check (a POST, drawn from the write
 * budget like a write), `cluster.approval.requested` with the plan's summary
 * and the estimate, then a wait for `APPROVAL_EVENT` against the timeout on chained durable timers. Approved:
 * `cluster.approval.granted` and the run goes on; rejected or expired: the final status, nothing created. A
 * failed preflight ends the run before anyone is asked.
 */
export function* approvalGate(
  context: df.OrchestrationContext,
  input: ProvisionInput,
): Generator<df.Task, GateOutcome, unknown> {
  const gate = input.approval;
  if (!gate) return { proceed: true };
  const { plan, request, settings } = input;
  const retry = armRetry(settings);
  const progress = Progress.ofProvisioning(context, plan, initialSteps(plan));

  // The estimate activity never throws (an unreadable price API is an `unavailable` estimate), so no retry.
  const [first, estimate] = (yield context.df.Task.all([
    context.df.callActivityWithRetry("preflightForRun", retry, plan),
    context.df.callActivity("estimateCost", { request, location: plan.location }),
  ])) as [PreflightAnswer, CostEstimate];
  // A check ARM throttled (a burst of requests) is asked again after a back-off, not refused. The registry's name
  // check is a POST that ARM counts as a write, so it takes a token of the write budget, which may hold it; it comes
  // after the first round, so that a run started before it had an activity of its own (the check then in `first`)
  // replays as it ran.
  const nameCheck = writeOf(plan, "registry") && !first.result.checks.some((c) => c.name === "registryName");
  const results = yield* runBranches(
    context,
    [
      checksOf(context, settings, "preflightForRun", plan, first),
      ...(nameCheck ? [checksOf(context, settings, "checkRegistryName", plan)] : []),
    ],
    { retry, writeBudget: settings.writeBudget },
  );
  const preflight = { checks: results.flatMap((r) => r.checks) };
  const failed = preflight.checks.filter((c) => c.status === "failed");
  if (failed.length > 0) return { proceed: false, status: yield* refuseAtPreflight(context, input, failed) };

  const requestedAt = context.df.currentUtcDateTime;
  const expiresAtMs = requestedAt.getTime() + Math.round(gate.timeoutHours * 3_600_000);
  const approval: ApprovalStatus = {
    state: "waiting",
    reasons: gate.reasons,
    requestedAt: requestedAt.toISOString(),
    expiresAt: new Date(expiresAtMs).toISOString(),
    estimate,
    preflightNotes: preflight.checks.filter((c) => c.status === "warning").map((c) => `${c.name}: ${c.message}`),
  };
  progress.status.approval = approval;
  progress.setState("awaitingApproval");
  progress.event("cluster.approval.requested", {
    reasons: approval.reasons,
    expiresAt: approval.expiresAt,
    plan: planSummaryOf(plan, request),
    estimate,
    preflightNotes: approval.preflightNotes,
  });
  yield* progress.deliver();

  const decision = yield* waitForDecision(context, expiresAtMs);
  if (!decision) {
    approval.state = "expired";
    progress.skipPending();
    progress.event("cluster.approval.expired", { requestedAt: approval.requestedAt, expiresAt: approval.expiresAt });
    yield* progress.deliver();
    progress.setState("expired");
    return { proceed: false, status: progress.status };
  }
  approval.approver = decision.approver;
  approval.decidedAt = decision.decidedAt;
  if (decision.comment) approval.comment = decision.comment;
  const who = { approver: decision.approver, ...(decision.comment ? { comment: decision.comment } : {}) };
  if (decision.verdict === "reject") {
    approval.state = "rejected";
    progress.skipPending();
    progress.event("cluster.approval.rejected", who);
    yield* progress.deliver();
    progress.setState("rejected");
    return { proceed: false, status: progress.status };
  }
  approval.state = "granted";
  progress.setState("running");
  progress.event("cluster.approval.granted", who);
  yield* progress.deliver();
  return { proceed: true, approval };
}

/**
 * The first well-formed decision before `expiresAtMs`, or undefined at the timeout. Each round races a fresh
 * event task against a timer of at most `MAX_TIMER_MS` (the library hands a raised event to the newest waiting
 * task); a malformed payload (the API validates first, so only a hand-raised event) is ignored.
 */
function* waitForDecision(
  context: df.OrchestrationContext,
  expiresAtMs: number,
): Generator<df.Task, ApprovalDecision | undefined, unknown> {
  for (;;) {
    const now = context.df.currentUtcDateTime.getTime();
    if (now >= expiresAtMs) return undefined;
    const timer = context.df.createTimer(new Date(Math.min(expiresAtMs, now + MAX_TIMER_MS)));
    const event = context.df.waitForExternalEvent(APPROVAL_EVENT);
    const winner = yield context.df.Task.any([event, timer]);
    if (winner !== event) continue;
    timer.cancel();
    const decision = event.result as Partial<ApprovalDecision> | undefined;
    if (
      (decision?.verdict === "approve" || decision?.verdict === "reject") &&
      typeof decision.approver === "string" &&
      decision.approver !== ""
    )
      return decision as ApprovalDecision;
  }
}
