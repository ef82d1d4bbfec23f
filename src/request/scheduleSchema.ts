import { z } from "zod";
import { isIanaTimeZone, ncrontabProblem } from "./ncrontab.js";
import { POOL_NAME_PATTERN } from "./nodePoolSchema.js";
import { checkedString, patternedString } from "./schemaHelpers.js";

const scale = z
  .strictObject({
    kind: z.literal("scale"),
    pools: z
      .record(
        patternedString({
          pattern: POOL_NAME_PATTERN,
          code: "InvalidAgentPoolName",
          message: "must be a pool name",
          maxLength: 12,
        }),
        z.number().int().min(0).max(1000),
      )
      .describe("Pool name → node count; every name must be a pool of this request."),
  })
  .describe("Scale pools to fixed node counts.");
const stop = z.strictObject({ kind: z.literal("stop") }).describe("Stop the cluster (deallocates all nodes).");
const start = z.strictObject({ kind: z.literal("start") }).describe("Start a stopped cluster.");

/** One recurring action applied by the schedule timer. */
export const scheduleSchema = z.strictObject({
  name: patternedString({
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/,
    code: "InvalidParameter",
    message: "schedule names are 1–63 letters, digits or '-'",
    maxLength: 63,
    description: "Label for the schedule, e.g. night-scale-down.",
  }).optional(),
  schedule: checkedString({ maxLength: 256, code: "InvalidSchedule", problem: ncrontabProblem }).describe(
    "NCRONTAB expression with 6 fields, seconds first: '0 0 20 * * 1-5' is 20:00 on weekdays.",
  ),
  timeZone: checkedString({
    maxLength: 64,
    code: "InvalidTimeZone",
    problem: (zone) => (isIanaTimeZone(zone) ? undefined : `'${zone}' is not an IANA time zone such as Europe/Berlin`),
  })
    .default("UTC")
    .describe("IANA time zone the schedule is read in."),
  action: z.discriminatedUnion("kind", [scale, stop, start]).describe("What to do when the schedule fires."),
});

/** Scale schedules (default none). */
export const schedulesSchema = z.array(scheduleSchema).max(50).default([]).describe("Recurring scale / stop / start.");
