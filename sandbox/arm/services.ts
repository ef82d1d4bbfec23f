import type { SandboxClock } from "./clock.js";
import { type DurationKind, durationMs, type LatencyProfileName } from "./engine/latency.js";
import type { OperationEngine } from "./engine/operationEngine.js";
import type { LateNodes, QuotaSettings } from "./options.js";
import type { CallLog } from "./policies/callLog.js";
import type { FaultInjector } from "./policies/faults.js";
import type { Throttler } from "./policies/throttle.js";
import type { ArmStore } from "./store/armStore.js";

/** Settings the control API may change while running. */
export interface RuntimeSettings {
  profile: LatencyProfileName;
  timeScale: number;
  /** Exact durations (ms) replacing the profile's for some kinds. */
  durationsMs: Partial<Record<DurationKind, number>>;
  /** Nodes that turn Ready later than the rest of their pool, if any. */
  lateNodes?: LateNodes | undefined;
  seed: number;
  retryAfterSeconds: number;
  /** Items per page of list responses (the rest follows through nextLink). */
  pageSize: number;
  quota: QuotaSettings;
  /** Entra group object ids the token endpoint puts in the `groups` claim of every token it issues. */
  identityGroups: string[];
}

/** Identity of the sandbox tenant and of the managed identity its token endpoint serves. */
export interface IdentitySettings {
  tenantId: string;
  defaultSubscriptionId: string;
  /** Secret the App Service protocol expects in `X-IDENTITY-HEADER`. */
  identityHeader: string;
  /** Secret of the older `MSI_SECRET` form. */
  msiSecret: string;
  /** Object id and client id of the (system-assigned) managed identity. */
  principalId: string;
  clientId: string;
}

/** Everything handlers share: the layers below the routes. */
export interface ArmServices {
  store: ArmStore;
  clock: SandboxClock;
  engine: OperationEngine;
  throttler: Throttler;
  faults: FaultInjector;
  calls: CallLog;
  settings: RuntimeSettings;
  identity: IdentitySettings;
  /** PEM of the sandbox certificate, embedded in kubeconfigs as certificate-authority-data. */
  caPem: string;
  /** PEM private key of that certificate: the token endpoint signs with it, the Kubernetes API verifies against `caPem`. */
  signingKeyPem: string;
}

/** Duration of one simulated step under the current settings (deterministic per seed and key). */
export function stepDuration(services: ArmServices, kind: DurationKind, key: string): number {
  return durationMs(kind, key, services.settings);
}
