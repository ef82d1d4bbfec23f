import { CronExpressionParser } from "cron-parser";

/** What `occurrencesBetween` found: the instants, in order, and whether the cap cut the list short. */
export interface Occurrences {
  /** Strictly increasing, unique UTC instants. */
  instants: Date[];
  /** True when there were more than `max` in the window (the list holds the first `max`). */
  truncated: boolean;
}

/** Most occurrences one window yields by default: a week of an every-10-minutes schedule. */
export const MAX_OCCURRENCES = 1000;

const HOUR_MS = 3_600_000;
// Every zone's offset changes at most once in any 28 hours, and by at most a few hours.
const AROUND_MS = 14 * HOUR_MS;

/**
 * The occurrences of a 6-field NCRONTAB `schedule`, read in the IANA `timeZone`, in the window `(from, to]`.
 * The expression is matched against local wall-clock time and each match mapped to the instants that show it:
 * - a time in a skipped hour (spring forward: 02:30 on 29 Mar 2026 in Europe/Berlin) happens once, at the first
 *   instant after the gap (03:00 local), as cron and the Functions host do; several such times are that one instant;
 * - a time in a repeated hour (fall back: 02:30 on 25 Oct 2026) happens once, on its first pass, unless the hours
 *   field is a wildcard (`*`, `* /2`…), whose schedule keeps its pace in real time through both passes (cron's rule
 *   for "wildcard" jobs): an every-15-minutes schedule fires every 15 real minutes, no instant twice, none missing.
 */
export function occurrencesBetween(
  schedule: string,
  timeZone: string,
  from: Date,
  to: Date,
  max = MAX_OCCURRENCES,
): Occurrences {
  if (to.getTime() <= from.getTime()) return { instants: [], truncated: false };
  const zone = zoneClock(timeZone);
  const bothPasses = schedule.trim().split(/\s+/)[2]?.includes("*") ?? false;
  // Wall-clock matches, as "floating" times (the local fields written as if UTC), a margin either side.
  const walls = CronExpressionParser.parse(schedule, {
    currentDate: new Date(zone.wall(from.getTime()) - 3 * HOUR_MS),
    endDate: new Date(zone.wall(to.getTime()) + 3 * HOUR_MS),
    tz: "UTC",
  });
  const found = new Set<number>();
  let stopAfterWall: number | undefined;
  while (walls.hasNext()) {
    const wall = walls.next().getTime();
    if (stopAfterWall !== undefined && wall > stopAfterWall) break;
    const instants = zone.instantsOf(wall);
    for (const t of bothPasses ? instants : instants.slice(0, 1)) {
      if (t > from.getTime() && t <= to.getTime()) found.add(t);
    }
    // Past the cap, look a little further: a repeated hour's second pass can be earlier than later wall times.
    if (found.size > max && stopAfterWall === undefined) stopAfterWall = wall + 3 * HOUR_MS;
  }
  const sorted = [...found].sort((a, b) => a - b);
  return { instants: sorted.slice(0, max).map((t) => new Date(t)), truncated: sorted.length > max };
}

/** A zone's wall clock: the local time an instant shows, and the instants that show a local time. */
interface ZoneClock {
  /** The local wall-clock time of instant `t`, as a floating time (ms, local fields read as UTC). */
  wall(t: number): number;
  /** The instants whose wall clock reads `wall`: one, two (a repeated hour), or the gap's end (a skipped hour). */
  instantsOf(wall: number): number[];
}

const clocks = new Map<string, ZoneClock>();

function zoneClock(timeZone: string): ZoneClock {
  const cached = clocks.get(timeZone);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const wall = (t: number): number => {
    const p = Object.fromEntries(format.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
    const ms = ((t % 1000) + 1000) % 1000;
    return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second) + ms;
  };
  const offset = (t: number): number => wall(t) - t;
  const clock: ZoneClock = {
    wall,
    instantsOf(w) {
      const before = offset(w - AROUND_MS);
      const after = offset(w + AROUND_MS);
      const instants = [...new Set([w - before, w - after])].filter((t) => wall(t) === w).sort((a, b) => a - b);
      if (instants.length > 0) return instants;
      // In the gap: the transition instant lies between reading w with the new offset and with the old one.
      let lo = w - after;
      let hi = w - before;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offset(mid) === before) lo = mid;
        else hi = mid;
      }
      return [hi];
    },
  };
  clocks.set(timeZone, clock);
  return clock;
}
