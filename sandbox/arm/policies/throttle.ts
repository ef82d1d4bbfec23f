import type { SandboxClock } from "../clock.js";

/** ARM's three throttling categories; a request's method picks one. */
export type RequestCategory = "reads" | "writes" | "deletes";

/** One token bucket: `burst` tokens, refilled at `perSecond`. */
export interface BucketSettings {
  burst: number;
  perSecond: number;
}

/** Throttling per subscription; defaults are ARM's (writes 200/10 s⁻¹, reads 250/25 s⁻¹, deletes 200/10 s⁻¹). */
export interface ThrottleSettings {
  enabled: boolean;
  reads: BucketSettings;
  writes: BucketSettings;
  deletes: BucketSettings;
}

/** ARM's published subscription limits. */
const defaultThrottleSettings: ThrottleSettings = {
  enabled: true,
  reads: { burst: 250, perSecond: 25 },
  writes: { burst: 200, perSecond: 10 },
  deletes: { burst: 200, perSecond: 10 },
};

/** Outcome of taking a token. */
export interface ThrottleDecision {
  allowed: boolean;
  /** Whole tokens left after this request: the `x-ms-ratelimit-remaining-subscription-*` value. */
  remaining: number;
  /** Seconds until a token is available again (when refused). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/** `update` over `base`, merged per category. */
function merge(base: ThrottleSettings, update: Partial<ThrottleSettings>): ThrottleSettings {
  return {
    enabled: update.enabled ?? base.enabled,
    reads: { ...base.reads, ...update.reads },
    writes: { ...base.writes, ...update.writes },
    deletes: { ...base.deletes, ...update.deletes },
  };
}

/** Token buckets per (subscription, category), refilled from the sandbox clock. */
export class Throttler {
  private readonly buckets = new Map<string, Bucket>();
  private settings: ThrottleSettings;

  /** `settings` override ARM's defaults per category. */
  constructor(
    private readonly clock: SandboxClock,
    settings: Partial<ThrottleSettings> = {},
  ) {
    this.settings = merge(defaultThrottleSettings, settings);
  }

  /** Takes one token for a request, or refuses it. */
  take(subscriptionId: string, category: RequestCategory): ThrottleDecision {
    const limits = this.settings[category];
    const key = `${subscriptionId.toLowerCase()}|${category}`;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: limits.burst, atMs: now };
    const refilled = Math.min(limits.burst, bucket.tokens + (Math.max(0, now - bucket.atMs) / 1000) * limits.perSecond);
    if (!this.settings.enabled || refilled >= 1) {
      const tokens = this.settings.enabled ? refilled - 1 : refilled;
      this.buckets.set(key, { tokens, atMs: now });
      return { allowed: true, remaining: Math.floor(tokens), retryAfterSeconds: 0 };
    }
    this.buckets.set(key, { tokens: refilled, atMs: now });
    const retryAfterSeconds = limits.perSecond > 0 ? Math.max(1, Math.ceil((1 - refilled) / limits.perSecond)) : 60;
    return { allowed: false, remaining: 0, retryAfterSeconds };
  }

  /** Current settings. */
  get current(): ThrottleSettings {
    return this.settings;
  }

  /** Replaces settings (merged per category) and refills every bucket. */
  configure(update: Partial<ThrottleSettings>): ThrottleSettings {
    this.settings = merge(this.settings, update);
    this.buckets.clear();
    return this.settings;
  }

  /** Refills every bucket. */
  reset(): void {
    this.buckets.clear();
  }
}

/** The category ARM counts a request in. */
export function categoryOf(method: string): RequestCategory {
  if (method === "GET" || method === "HEAD") return "reads";
  if (method === "DELETE") return "deletes";
  return "writes";
}
