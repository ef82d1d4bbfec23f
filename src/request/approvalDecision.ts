import { z } from "zod";
import type { CostEstimate } from "./costEstimate.js";
import { problemsFromZod, type RequestProblem } from "./problems.js";

/** The external event an approval decision is raised to the provisioning as. */
export const APPROVAL_EVENT = "approvalDecision";

/** What an approver decides. */
export type ApprovalVerdict = "approve" | "reject";

/** The body of `POST /api/clusters/{requestId}/approve` and `/reject` (and of the queue's approve/reject). */
export const approvalBodySchema = z
  .strictObject({
    approver: z.string().trim().min(1).max(256).describe("Who decides (UPN or e-mail), for the events and the audit."),
    comment: z.string().max(2000).optional().describe("Why, for the ticket."),
  })
  .describe("An approval decision.");

/** A parsed approval body. */
export type ApprovalBody = z.output<typeof approvalBodySchema>;

/** Checks an approval body: the parsed body, or every problem (field by field). Never throws. */
export function validateApprovalBody(
  body: unknown,
): { ok: true; body: ApprovalBody } | { ok: false; problems: RequestProblem[] } {
  const parsed = approvalBodySchema.safeParse(body);
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, problems: problemsFromZod(parsed.error.issues, body) };
}

/** The decision as the provisioning receives it (the payload of `APPROVAL_EVENT`). */
export interface ApprovalDecision extends ApprovalBody {
  verdict: ApprovalVerdict;
  /** When the API took the decision (ISO 8601); the run's own time is when it acted on it. */
  decidedAt: string;
}

/** Where an approval stands: `waiting` until a decision or the timeout. */
export type ApprovalState = "waiting" | "granted" | "rejected" | "expired";

/** The approval as the status API shows it. */
export interface ApprovalStatus {
  state: ApprovalState;
  reasons: string[];
  requestedAt: string;
  expiresAt: string;
  estimate: CostEstimate;
  /** The preflight's checks that did not pass (warnings), by name and message; empty when all passed. */
  preflightNotes: string[];
  approver?: string;
  comment?: string;
  decidedAt?: string;
}
