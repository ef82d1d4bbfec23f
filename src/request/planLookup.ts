import type { ArmWrite, PlanStage, ProvisioningPlan } from "./planTypes.js";

/** Every ARM write of a plan, stage by stage, branch by branch. */
export function writesOf(plan: ProvisioningPlan): ArmWrite[] {
  return plan.stages.flatMap((s) => s.branches.flatMap((b) => b.writes));
}

/** The plan's stage of that name; none in a plan made before the stage existed (a run in flight keeps its plan). */
export function stageOf(plan: ProvisioningPlan, name: PlanStage["name"]): PlanStage | undefined {
  return plan.stages.find((s) => s.name === name);
}

/** The plan's first write of one kind (its managed cluster, its registry), typed as that kind. */
export function writeOf<K extends ArmWrite["kind"]>(
  plan: ProvisioningPlan,
  kind: K,
): Extract<ArmWrite, { kind: K }> | undefined {
  return writesOf(plan).find((w): w is Extract<ArmWrite, { kind: K }> => w.kind === kind);
}
