import type { ArmFailure } from "../azure/armErrors.js";
import type { ProvisioningPlan } from "../request/index.js";
import type { BodyCheckResult } from "./bodyCheck.js";
import { refusal } from "./intakeRefusal.js";

/**
 * The answer when intake cannot read the cluster a body is checked against (gone, or Azure refused the read).
 * A read worth retrying is not this: it throws `RetryableArmError`, which `withApiErrors` answers with 503 (and the queue redelivers).
 */
export function clusterUnreadable(plan: ProvisioningPlan, error: ArmFailure | undefined): BodyCheckResult {
  const why = error ? `${error.code}: ${error.message}` : `${plan.clusterId} does not exist`;
  return { ok: false, refusal: refusal("conflict", "ClusterNotFound", `cannot read the cluster: ${why}`) };
}
