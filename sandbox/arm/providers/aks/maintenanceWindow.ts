import { armErrors } from "../../errors.js";

/** The configuration names AKS accepts, and what each schedules. */
export const MAINTENANCE_CONFIG_NAMES = ["default", "aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"];

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const WEEK_INDEXES = ["First", "Second", "Third", "Fourth", "Last"];
const SCHEDULE_KINDS = ["daily", "weekly", "absoluteMonthly", "relativeMonthly"];

const invalid = (target: string, detail: string) =>
  armErrors.invalidParameter(target, `The value of parameter ${target} is invalid. Error details: ${detail}`);

function intIn(value: unknown, min: number, max: number, target: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(target, `must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}.`);
  }
}

function oneOf(value: unknown, allowed: string[], target: string): void {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw invalid(target, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}.`);
  }
}

/**
 * Checks a configuration's `properties` as AKS does: `default` takes the legacy `timeInWeek` /
 * `notAllowedTime`; the two managed schedules take one `maintenanceWindow` of at least 4 hours whose
 * schedule is weekly, absoluteMonthly or relativeMonthly (daily only for the node OS schedule), an optional
 * `startDate` and `notAllowedDates` spans of dates, start no later than end.
 * Answers 400 InvalidParameter naming the field.
 */
export function validateMaintenanceConfiguration(name: string, p: Record<string, unknown>): void {
  const window = p.maintenanceWindow as Record<string, unknown> | undefined;
  if (name === "default") {
    if (window)
      throw invalid("maintenanceWindow", "the 'default' configuration takes timeInWeek, not maintenanceWindow.");
    const slots = (p.timeInWeek as { day?: unknown; hourSlots?: unknown[] }[] | undefined) ?? [];
    slots.forEach((slot, i) => {
      oneOf(slot.day, WEEKDAYS, `timeInWeek[${i}].day`);
      for (const hour of slot.hourSlots ?? []) intIn(hour, 0, 23, `timeInWeek[${i}].hourSlots`);
    });
    return;
  }
  if (p.timeInWeek || p.notAllowedTime) {
    throw invalid("timeInWeek", `the '${name}' configuration takes maintenanceWindow, not timeInWeek/notAllowedTime.`);
  }
  if (!window) throw invalid("maintenanceWindow", `the '${name}' configuration requires a maintenanceWindow.`);
  intIn(window.durationHours, 4, 24, "maintenanceWindow.durationHours");
  if (typeof window.startTime !== "string" || !/^([01]\d|2[0-3]):[0-5]\d$/.test(window.startTime)) {
    throw invalid("maintenanceWindow.startTime", `must be 'HH:mm', got ${JSON.stringify(window.startTime)}.`);
  }
  if (window.utcOffset !== undefined && !/^[+-]\d{2}:\d{2}$/.test(String(window.utcOffset))) {
    throw invalid(
      "maintenanceWindow.utcOffset",
      `must be '+HH:mm' or '-HH:mm', got ${JSON.stringify(window.utcOffset)}.`,
    );
  }
  if (window.startDate !== undefined && !isDate(window.startDate))
    throw invalid(
      "maintenanceWindow.startDate",
      `must be a date 'YYYY-MM-DD', got ${JSON.stringify(window.startDate)}.`,
    );
  validateNotAllowedDates(window.notAllowedDates);
  validateSchedule(name, (window.schedule ?? {}) as Record<string, Record<string, unknown> | undefined>);
}

const isDate = (value: unknown) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

// Each not-allowed span is two dates, start no later than end.
function validateNotAllowedDates(spans: unknown): void {
  if (spans === undefined || spans === null) return;
  const target = "maintenanceWindow.notAllowedDates";
  if (!Array.isArray(spans)) throw invalid(target, "must be a list of {start, end} dates.");
  spans.forEach((span: { start?: unknown; end?: unknown }, i) => {
    if (!isDate(span?.start) || !isDate(span?.end))
      throw invalid(`${target}[${i}]`, `start and end must be dates 'YYYY-MM-DD', got ${JSON.stringify(span)}.`);
    if (String(span.start) > String(span.end))
      throw invalid(`${target}[${i}]`, `start ${String(span.start)} is after end ${String(span.end)}.`);
  });
}

function validateSchedule(name: string, schedule: Record<string, Record<string, unknown> | undefined>): void {
  const kinds = SCHEDULE_KINDS.filter((k) => schedule[k] !== undefined && schedule[k] !== null);
  const target = "maintenanceWindow.schedule";
  if (kinds.length !== 1) throw invalid(target, `exactly one of ${SCHEDULE_KINDS.join(", ")} is required.`);
  const kind = kinds[0] as string;
  const s = schedule[kind] as Record<string, unknown>;
  if (kind === "daily") {
    if (name !== "aksManagedNodeOSUpgradeSchedule")
      throw invalid(target, `a daily schedule is not allowed for '${name}'.`);
    intIn(s.intervalDays, 1, 7, `${target}.daily.intervalDays`);
  } else if (kind === "weekly") {
    intIn(s.intervalWeeks, 1, 4, `${target}.weekly.intervalWeeks`);
    oneOf(s.dayOfWeek, WEEKDAYS, `${target}.weekly.dayOfWeek`);
  } else if (kind === "absoluteMonthly") {
    intIn(s.intervalMonths, 1, 6, `${target}.absoluteMonthly.intervalMonths`);
    intIn(s.dayOfMonth, 1, 31, `${target}.absoluteMonthly.dayOfMonth`);
  } else {
    intIn(s.intervalMonths, 1, 6, `${target}.relativeMonthly.intervalMonths`);
    oneOf(s.weekIndex, WEEK_INDEXES, `${target}.relativeMonthly.weekIndex`);
    oneOf(s.dayOfWeek, WEEKDAYS, `${target}.relativeMonthly.dayOfWeek`);
  }
}
