import type { ArmFailure } from "../azure/armErrors.js";
import type { ProvisioningPlan } from "../request/index.js";
import { apiError } from "./http/apiError.js";
import type { BodyCheckResult } from "./startOperation.js";

/**
 * The answer when intake cannot read the cluster a body is checked against (gone, or Azure refused the read).
 * A read worth retrying is not this: it throws `RetryableArmError`, which `withApiErrors` answers with 503.
 */
export function clusterUnreadable(plan: ProvisioningPlan, error: ArmFailure | undefined): BodyCheckResult {
  const why = error ? `${error.code}: ${error.message}` : `${plan.clusterId} does not exist`;
  return { ok: false, response: apiError(409, "ClusterNotFound", `cannot read the cluster: ${why}`) };
}
