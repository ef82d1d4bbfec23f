import { createHash } from "node:crypto";

/** `instant` for tests, `fast` for demos (seconds), `realistic` for real Azure's relative durations. */
export type LatencyProfileName = "instant" | "fast" | "realistic";

/** Every timed step the sandbox simulates. */
export type DurationKind =
  | "resourceGroupDelete"
  | "virtualNetwork"
  | "subnet"
  | "networkDelete"
  | "disk"
  | "diskDelete"
  | "registry"
  | "registryDelete"
  | "replication"
  | "clusterCreate"
  | "clusterUpdate"
  | "clusterUpgrade"
  | "clusterDelete"
  | "clusterStop"
  | "clusterStart"
  | "poolCreate"
  | "poolScale"
  | "poolUpdate"
  | "poolDelete"
  | "poolStop"
  | "poolStart"
  | "operationAbort"
  | "nodeReady";

const SECOND = 1000;

/** Durations in ms per profile, before `timeScale` and the seeded ±15 % jitter. */
export const latencyProfiles: Record<LatencyProfileName, Record<DurationKind, number>> = {
  instant: {
    resourceGroupDelete: 0,
    virtualNetwork: 0,
    subnet: 0,
    networkDelete: 0,
    disk: 0,
    diskDelete: 0,
    registry: 0,
    registryDelete: 0,
    replication: 0,
    clusterCreate: 0,
    clusterUpdate: 0,
    clusterUpgrade: 0,
    clusterDelete: 0,
    clusterStop: 0,
    clusterStart: 0,
    poolCreate: 0,
    poolScale: 0,
    poolUpdate: 0,
    poolDelete: 0,
    poolStop: 0,
    poolStart: 0,
    operationAbort: 0,
    nodeReady: 0,
  },
  fast: {
    resourceGroupDelete: 0.5 * SECOND,
    virtualNetwork: 0.3 * SECOND,
    subnet: 0.2 * SECOND,
    networkDelete: 0.3 * SECOND,
    disk: 0.5 * SECOND,
    diskDelete: 0.3 * SECOND,
    registry: 1 * SECOND,
    registryDelete: 0.5 * SECOND,
    replication: 1 * SECOND,
    clusterCreate: 3 * SECOND,
    clusterUpdate: 1.5 * SECOND,
    clusterUpgrade: 3 * SECOND,
    clusterDelete: 2 * SECOND,
    clusterStop: 1.5 * SECOND,
    clusterStart: 2 * SECOND,
    poolCreate: 2 * SECOND,
    poolScale: 1.5 * SECOND,
    poolUpdate: 1 * SECOND,
    poolDelete: 1 * SECOND,
    poolStop: 1 * SECOND,
    poolStart: 1.5 * SECOND,
    operationAbort: 0.5 * SECOND,
    nodeReady: 0.5 * SECOND,
  },
  // Relative durations observed on real Azure (VNet ≪ disk < ACR ≪ cluster; pools minutes).
  realistic: {
    resourceGroupDelete: 60 * SECOND,
    virtualNetwork: 8 * SECOND,
    subnet: 5 * SECOND,
    networkDelete: 10 * SECOND,
    disk: 12 * SECOND,
    diskDelete: 10 * SECOND,
    registry: 45 * SECOND,
    registryDelete: 30 * SECOND,
    replication: 120 * SECOND,
    clusterCreate: 360 * SECOND,
    clusterUpdate: 120 * SECOND,
    clusterUpgrade: 600 * SECOND,
    clusterDelete: 300 * SECOND,
    clusterStop: 180 * SECOND,
    clusterStart: 240 * SECOND,
    poolCreate: 180 * SECOND,
    poolScale: 120 * SECOND,
    poolUpdate: 90 * SECOND,
    poolDelete: 150 * SECOND,
    poolStop: 120 * SECOND,
    poolStart: 180 * SECOND,
    operationAbort: 30 * SECOND,
    nodeReady: 60 * SECOND,
  },
};

/** Inputs that make a duration deterministic. */
export interface DurationInputs {
  profile: LatencyProfileName;
  /** Multiplies every duration (0.01 turns minutes into seconds). */
  timeScale: number;
  seed: number;
  /** Exact durations in ms for some kinds, replacing the profile's (no timeScale, no jitter). */
  durationsMs?: Partial<Record<DurationKind, number>>;
}

/**
 * The jitter key of an asynchronous operation: the resource it acts on plus its kind (`provision`,
 * `clusterPut`…). The sandbox derives every operation's duration from it, and so can a benchmark.
 */
export function operationDurationKey(resourceId: string, operationKind: string): string {
  return `${resourceId.toLowerCase()}|${operationKind}`;
}

/**
 * Duration in ms of one step: the profile's base × timeScale × a jitter in [0.85, 1.15] derived from
 * (seed, key), so the same seed and resource give the same timeline on every run. An override in
 * `durationsMs` is taken as it is, so a test can wait for exactly that long.
 */
export function durationMs(kind: DurationKind, key: string, inputs: DurationInputs): number {
  const override = inputs.durationsMs?.[kind];
  if (override !== undefined) return Math.max(0, override);
  const base = latencyProfiles[inputs.profile][kind] * inputs.timeScale;
  if (base === 0) return 0;
  const hash = createHash("sha256").update(`${inputs.seed}|${kind}|${key.toLowerCase()}`).digest();
  const jitter = 0.85 + (hash.readUInt32BE(0) / 0xffffffff) * 0.3;
  return Math.round(base * jitter);
}
