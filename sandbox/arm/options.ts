import type { StandInStateOptions } from "../shared/stateOptions.js";
import type { LatencyProfileName } from "./engine/latency.js";
import type { ThrottleSettings } from "./policies/throttle.js";

/** Regional vCPU quota per subscription (Total Regional Cores). */
export interface QuotaSettings {
  /** vCPUs allowed per subscription and region; defaults to 100. */
  regionalVcpus: number;
  /** `sync`: the PUT answers 400 QuotaExceeded; `async`: the operation starts and ends Failed. Defaults to `sync`. */
  failure: "sync" | "async";
}

/**
 * Options of the simulated ARM; every field is optional. `stateDir` holds the journal and, unless `certDir` says
 * otherwise, the certificate; omitted, a fresh temp dir is used and removed on stop. `fsync` defaults to "never"
 * (a mutation is written before its response, so a killed process loses nothing), `compactAfterBytes` to 8 MiB.
 */
export interface ArmSandboxOptions extends StandInStateOptions {
  /** Port to listen on; 0 picks a free one (tests). Defaults to 0. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Where the TLS certificate is loaded from (created on first use); defaults to stateDir. */
  certDir?: string;
  /** Latency profile of asynchronous operations; defaults to `instant`. */
  profile?: LatencyProfileName;
  /** Seed of latency jitter and probabilistic faults; defaults to 1. */
  seed?: number;
  /** Multiplies every profile duration; defaults to 1. */
  timeScale?: number;
  /** Retry-After (seconds) on LRO responses; defaults to 0 (JS SDK); use 1 for Python-based clients. */
  retryAfterSeconds?: number;
  /** Items per page of list responses before a nextLink; defaults to 100. */
  pageSize?: number;
  /** Default subscription printed as AZURE_SUBSCRIPTION_ID; defaults to a fixed GUID. */
  subscriptionId?: string;
  /** Tenant id in tokens; defaults to a fixed GUID. */
  tenantId?: string;
  /** Throttling overrides per category; defaults to ARM's limits. */
  throttle?: Partial<ThrottleSettings>;
  /** Quota overrides. */
  quota?: Partial<QuotaSettings>;
}

/** Options with every default applied. */
export type ResolvedArmSandboxOptions = Required<
  Omit<ArmSandboxOptions, keyof StandInStateOptions | "certDir" | "throttle" | "quota">
> & {
  stateDir: string | undefined;
  throttle: Partial<ThrottleSettings>;
  quota: QuotaSettings;
};

/** Default subscription; fixed so a restarted sandbox and a pasted environment agree. */
export const DEFAULT_SUBSCRIPTION_ID = "00000000-0000-4000-8000-00000000a5b1";
/** Default tenant. */
export const DEFAULT_TENANT_ID = "00000000-0000-4000-8000-0000000007e1";

/** Applies defaults. */
export function resolveOptions(options: ArmSandboxOptions = {}): ResolvedArmSandboxOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    stateDir: options.stateDir,
    profile: options.profile ?? "instant",
    seed: options.seed ?? 1,
    timeScale: options.timeScale ?? 1,
    retryAfterSeconds: options.retryAfterSeconds ?? 0,
    pageSize: options.pageSize ?? 100,
    subscriptionId: options.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
    tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
    throttle: options.throttle ?? {},
    quota: { regionalVcpus: 100, failure: "sync", ...options.quota },
  };
}
