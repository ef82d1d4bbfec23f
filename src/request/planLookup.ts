import type { ArmWrite, ProvisioningPlan } from "./planTypes.js";

/** Every ARM write of a plan, stage by stage, branch by branch. */
export function writesOf(plan: ProvisioningPlan): ArmWrite[] {
  return plan.stages.flatMap((s) => s.branches.flatMap((b) => b.writes));
}

/** The plan's first write of one kind (its managed cluster, its registry), typed as that kind. */
export function writeOf<K extends ArmWrite["kind"]>(
  plan: ProvisioningPlan,
  kind: K,
): Extract<ArmWrite, { kind: K }> | undefined {
  return writesOf(plan).find((w): w is Extract<ArmWrite, { kind: K }> => w.kind === kind);
}
