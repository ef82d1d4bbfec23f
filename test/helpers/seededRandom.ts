import type { TestContext } from "node:test";

/** A uniform number in [0, 1), from a seeded sequence. */
export type Random = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random moments a crash test kills at, replayable: the seed comes from `KILL_SEED` when set, else a fresh one,
 * and is written to the test's output either way, so a failure seen once can be run again with the same kills:
 * `KILL_SEED=<seed> node scripts/run-tests.mjs <file>`. (Replaying the seed replays the moments, not the
 * machine's scheduling, so a race may still need a few runs to show again.)
 */
export function killMoments(t: TestContext, env: NodeJS.ProcessEnv = process.env): Random {
  const given = env.KILL_SEED;
  const seed = given !== undefined && given !== "" ? Number(given) : Math.floor(Math.random() * 2 ** 32);
  if (!Number.isSafeInteger(seed)) throw new Error(`KILL_SEED must be an integer, not '${given}'`);
  t.diagnostic(`KILL_SEED=${seed}${given ? " (from the environment)" : ""}`);
  return mulberry32(seed);
}
