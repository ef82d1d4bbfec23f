import type { TestContext } from "node:test";
import { mulberry32, type Random } from "../../sandbox/shared/prng.js";

export type { Random } from "../../sandbox/shared/prng.js";

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
