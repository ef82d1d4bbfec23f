import type { StandInStateOptions } from "../shared/stateOptions.js";
import type { DurationKind, LatencyProfileName } from "./engine/latency.js";
import type { ThrottleSettings } from "./policies/throttle.js";

/** vCPU limits of a subscription in one region, as Compute's usages list reports them. */
export interface QuotaLimits {
  /** Total Regional vCPUs (`cores`); defaults to 100. */
  regionalVcpus: number;
  /**
   * Limits per VM family by usage name (`standardDSv5Family`, case-insensitive). A family not listed
   * gets `regionalVcpus`, so only the regional total binds, except GPU families (`standardNC…`), which
   * get 0 as on a new subscription. Defaults to none listed.
   */
  familyVcpus: Record<string, number>;
  /** Total Regional Low-priority vCPUs (`lowPriorityCores`), the only quota Spot pools count against; defaults to 100. */
  lowPriorityVcpus: number;
}

/** vCPU quota per subscription and region, and how a write beyond it fails. */
export interface QuotaSettings extends QuotaLimits {
  /** `sync`: the PUT answers 400; `async`: the operation starts and ends Failed. Defaults to `sync`. */
  failure: "sync" | "async";
  /**
   * How AKS words the failure: Compute's classic `QuotaExceeded` ("…exceeding approved
   * standardDSv5Family Cores quota…", or "Total Regional Cores") or AKS's newer preflight
   * `ErrCode_InsufficientVCPUQuota` ("Insufficient vcpu quota requested 8, remaining 2 for family
   * standardDSv5Family for region eastus."). Both answer 400. Defaults to `QuotaExceeded`.
   */
  errorCode: "QuotaExceeded" | "ErrCode_InsufficientVCPUQuota";
  /** Limits of particular regions (`westeurope`), each field replacing the default above there. Defaults to none. */
  regions: Record<string, Partial<QuotaLimits>>;
  /**
   * VM sizes the subscription is not offered (skus `restrictions`, `NotAvailableForSubscription`):
   * in one region or all, in some zones or the whole region. AKS refuses pools of them. Defaults to none.
   */
  restrictedSkus: SkuRestriction[];
}

/** A VM size not offered to the subscription somewhere. */
export interface SkuRestriction {
  vmSize: string;
  /** Region (`westeurope`); defaults to every region. */
  location?: string;
  /** Only these zones; defaults to the whole region. */
  zones?: string[];
}

/** Nodes that turn Ready later than the rest of their pool (a slow image pull, a stuck CSE). */
export interface LateNodes {
  /** How many of the nodes each pool write brings up (the last ones) are late. */
  count: number;
  /** How much later than `nodeReady` they turn Ready, in ms (sandbox clock). */
  extraMs: number;
  /** Only pools of this name; defaults to every pool. */
  pool?: string;
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
  /**
   * Exact durations in ms (no timeScale, no jitter) that replace the profile's for some kinds, e.g.
   * `{ nodeReady: 3000 }` on `instant` for late nodes. Defaults to none.
   */
  durationsMs?: Partial<Record<DurationKind, number>>;
  /** Makes some nodes of each pool turn Ready later than the others. Defaults to none. */
  lateNodes?: LateNodes;
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
  /**
   * Entra group object ids of the identity the token endpoint serves, sent as the tokens' `groups` claim (what an
   * Entra cluster without Azure RBAC matches against `aadProfile.adminGroupObjectIDs`). Defaults to none.
   */
  identityGroups?: string[];
}

/** Options with every default applied. */
export type ResolvedArmSandboxOptions = Required<
  Omit<ArmSandboxOptions, keyof StandInStateOptions | "certDir" | "throttle" | "quota" | "lateNodes">
> & {
  stateDir: string | undefined;
  lateNodes: LateNodes | undefined;
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
    durationsMs: { ...options.durationsMs },
    lateNodes: options.lateNodes,
    retryAfterSeconds: options.retryAfterSeconds ?? 0,
    pageSize: options.pageSize ?? 100,
    subscriptionId: options.subscriptionId ?? DEFAULT_SUBSCRIPTION_ID,
    tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
    throttle: options.throttle ?? {},
    identityGroups: options.identityGroups ?? [],
    quota: {
      regionalVcpus: 100,
      familyVcpus: {},
      lowPriorityVcpus: 100,
      failure: "sync",
      errorCode: "QuotaExceeded",
      regions: {},
      restrictedSkus: [],
      ...options.quota,
    },
  };
}
