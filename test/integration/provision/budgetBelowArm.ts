import { Provisioner } from "./harness.js";

/** The app's ARM write budget in the sandbox that `startBudgetBelowArm` starts. */
export const BUDGET = { burst: 8, perSecond: 8 };

/**
 * A sandbox whose app budget (`BUDGET`: 8 burst, 8/s) sits below ARM's write throttle (12 burst, 12/s): a burst of
 * runs must queue its writes inside the app, never in ARM's 429s.
 */
export async function startBudgetBelowArm(): Promise<Provisioner> {
  const p = await Provisioner.start({
    settings: { ARM_WRITE_BURST: String(BUDGET.burst), ARM_WRITE_RATE: String(BUDGET.perSecond) },
  });
  await p.arm.control.throttle({ writes: { burst: 12, perSecond: 12 } });
  return p;
}
