import type { ProvisionInput } from "../../../src/orchestrators/provisionInput.js";
import { plan, validateClusterRequest } from "../../../src/request/index.js";
import { aClusterRequest, TEST_SUBSCRIPTION, withValues } from "../request/builders.js";

/** A provisioning's input for the orchestrator tests: the builders' request with `values` over it, planned. */
export function aProvisionInput(
  values: Record<string, unknown> = {},
  extra: Partial<ProvisionInput> = {},
): ProvisionInput {
  const validated = validateClusterRequest(withValues(aClusterRequest(), values));
  if (!validated.ok) throw new Error(`fixture: ${JSON.stringify(validated.problems)}`);
  return {
    request: validated.request,
    plan: plan(validated.request, { defaultSubscriptionId: TEST_SUBSCRIPTION }),
    specHash: "x",
    settings: { pollIntervalSeconds: 1, timeoutMinutes: 60, writeBudget: { burst: 10, perSecond: 1 } },
    ...extra,
  };
}
