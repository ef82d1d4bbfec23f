import { z } from "zod";
import { checkedString, patternedString, quote } from "./schemaHelpers.js";

/** The weekdays as ARM spells them. */
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const weekday = z.enum(WEEKDAYS);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD`, a real calendar date (ARM's `date` format). */
function dateString(description: string) {
  return checkedString({
    maxLength: 10,
    code: "InvalidParameter",
    problem: (value) => {
      const m = DATE.exec(value);
      const valid = m && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
      return valid ? undefined : `'${quote(value)}': must be a date as YYYY-MM-DD`;
    },
  }).meta({ description, pattern: DATE.source, maxLength: 10 });
}

/** One of weekly, absoluteMonthly or relativeMonthly (a rule checks that exactly one is given). */
export const maintenanceScheduleSchema = z
  .strictObject({
    weekly: z
      .strictObject({
        intervalWeeks: z.number().int().min(1).max(4).describe("Every 1–4 weeks."),
        dayOfWeek: weekday,
      })
      .optional(),
    absoluteMonthly: z
      .strictObject({
        intervalMonths: z.number().int().min(1).max(6).describe("Every 1–6 months."),
        dayOfMonth: z.number().int().min(1).max(31),
      })
      .optional(),
    relativeMonthly: z
      .strictObject({
        intervalMonths: z.number().int().min(1).max(6).describe("Every 1–6 months."),
        weekIndex: z.enum(["First", "Second", "Third", "Fourth", "Last"]),
        dayOfWeek: weekday,
      })
      .optional(),
  })
  .describe("When the window recurs: exactly one of weekly, absoluteMonthly, relativeMonthly.");

/** A maintenance window: an AKS maintenance configuration's `maintenanceWindow`, in ARM's own words. */
export const maintenanceWindowSchema = z
  .strictObject({
    schedule: maintenanceScheduleSchema,
    startTime: patternedString({
      pattern: /^([01]\d|2[0-3]):[0-5]\d$/,
      code: "InvalidParameter",
      message: "must be HH:mm, 00:00 to 23:59",
      maxLength: 5,
      description: "Start of the window, HH:mm in utcOffset's time.",
    }),
    durationHours: z.number().int().min(4).max(24).describe("Length of the window: 4 to 24 hours (AKS's range)."),
    utcOffset: patternedString({
      pattern: /^[+-](0\d|1[0-4]):[0-5]\d$/,
      code: "InvalidParameter",
      message: "must be +HH:mm or -HH:mm, e.g. +01:00",
      maxLength: 6,
      description: "Offset of startTime and the dates from UTC; omitted means +00:00.",
    }).optional(),
    startDate: dateString("The window is inactive before this date; omitted means at once.").optional(),
    notAllowedDates: z
      .array(
        z.strictObject({
          start: dateString("First day with no maintenance."),
          end: dateString("Last day with no maintenance; not before start."),
        }),
      )
      .max(20)
      .optional()
      .describe("Date ranges with no maintenance (a freeze)."),
  })
  .describe("A maintenance window: when AKS may apply the upgrades of a channel.");

/**
 * The maintenance windows of the two auto-upgrade channels, each written as its own AKS maintenance configuration
 * after the cluster: `aksManagedAutoUpgradeSchedule` and `aksManagedNodeOSUpgradeSchedule`.
 */
export const maintenanceWindowsSchema = z
  .strictObject({
    autoUpgrade: maintenanceWindowSchema
      .optional()
      .describe(
        "When upgradeChannel's upgrades run (aksManagedAutoUpgradeSchedule); needs an upgradeChannel but none.",
      ),
    nodeOSUpgrade: maintenanceWindowSchema
      .optional()
      .describe(
        "When nodeOSUpgradeChannel's upgrades run (aksManagedNodeOSUpgradeSchedule); needs NodeImage or SecurityPatch.",
      ),
  })
  .describe("Maintenance windows, one per auto-upgrade channel.");

/** The maintenance configuration each window is written as, by the window's field name. */
export const MAINTENANCE_CONFIGURATIONS = {
  autoUpgrade: "aksManagedAutoUpgradeSchedule",
  nodeOSUpgrade: "aksManagedNodeOSUpgradeSchedule",
} as const;

/** A parsed maintenance window. */
export type MaintenanceWindowRequest = z.output<typeof maintenanceWindowSchema>;
