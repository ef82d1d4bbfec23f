import type { ThrottleSettings } from "../../sandbox/arm/policies/throttle.js";

const NONE = { burst: 1_000_000, perSecond: 1_000_000 };

/**
 * ARM's read and write buckets for the intake benchmarks, out of the way: every parked run reads about a dozen
 * times for its preflight and estimate and POSTs the registry's name check (a write, to ARM), and at ARM's 25
 * reads/s and 10 writes/s thousands of runs would take many minutes to park, measuring ARM's budgets
 * (docs/scaling.md) instead of intake. What is measured is the answer to the POST or the message, before any of it.
 */
export const UNTHROTTLED: Partial<ThrottleSettings> = { reads: NONE, writes: NONE };
