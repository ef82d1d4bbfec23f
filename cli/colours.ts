import { createColors } from "picocolors";

/**
 * Colour only for a person at a terminal. picocolors alone also colours any run with `CI` set, which
 * puts escape codes into the plain lines that CI logs and scripts read; FORCE_COLOR and NO_COLOR
 * (https://no-color.org) still decide first.
 */
export function colourWanted(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY && env.TERM !== "dumb";
}

export const pc = createColors(colourWanted(process.env, process.stdout.isTTY === true));
