import { z } from "zod";

/** Longest an approval may be waited for, in hours (30 days). */
export const MAX_APPROVAL_TIMEOUT_HOURS = 720;

/**
 * A request's approval gate: when required, nothing is written to Azure until an approver approves
 * (`POST /api/clusters/{requestId}/approve`); a rejection or the timeout ends the run with nothing created.
 */
export const approvalSchema = z
  .strictObject({
    required: z
      .boolean()
      .describe("Wait for an approval before writing anything (the settings may require it for some sizes and tiers)."),
    timeoutHours: z
      .number()
      .min(0.001)
      .max(MAX_APPROVAL_TIMEOUT_HOURS)
      .optional()
      .describe(
        "Hours to wait for the decision before the request expires; defaults to the setting APPROVAL_TIMEOUT_HOURS. Fractions are for a time-scaled sandbox.",
      ),
  })
  .describe("Approval gate: the estimate and the plan are published first, then the run waits for a decision.");
