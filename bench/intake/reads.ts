import type { BucketSettings } from "../../sandbox/arm/policies/throttle.js";

/**
 * ARM's read bucket for the intake benchmarks, out of the way: every parked run reads about a dozen times for its
 * preflight and estimate, and at ARM's 25 reads/s thousands of runs would take many minutes to park, measuring
 * ARM's read budget (docs/scaling.md) instead of intake. What is measured is the answer to the POST or the
 * message, before any of that.
 */
export const UNTHROTTLED_READS: BucketSettings = { burst: 1_000_000, perSecond: 1_000_000 };
