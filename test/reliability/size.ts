/**
 * Short form (inside `npm test`) or long form (`npm run test:reliability -- --long`, which sets RELIABILITY_LONG):
 * the same checks at the sizes. Node's runner starts each test file in its own process, so the flag
 * travels as an environment variable.
 */
export const LONG = process.env.RELIABILITY_LONG === "1";

/** `short` inside `npm test`, `long` with --long. */
export function size(short: number, long: number): number {
  return LONG ? long : short;
}
