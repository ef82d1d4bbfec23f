import type { AppConfig } from "../config.js";
import type { ProvisionInput } from "../orchestrators/provisionInput.js";
import {
  type ApprovalGate,
  approvalGateOf,
  type ClusterRequest,
  type ProvisioningPlan,
  plan,
  type RequestProblem,
  requestHash,
  validateClusterRequest,
  withServiceDefaults,
} from "../request/index.js";
import { orchestrationSettings } from "./orchestrationSettings.js";

/** A request that passed intake: validated with the service's defaults, planned and fingerprinted. */
export interface AcceptedRequest {
  request: ClusterRequest;
  plan: ProvisioningPlan;
  specHash: string;
  /** Set when the run must wait for an approval (the request asks, or the settings require it). */
  approval?: ApprovalGate;
}

/**
 * Intake, the same for every front door (HTTP now, the queue later): the service's defaults, the request's
 * rules, the service's own limits, then the plan. Every problem is reported; nothing is started here.
 */
export function intake(
  input: unknown,
  config: AppConfig,
): { ok: true; accepted: AcceptedRequest } | { ok: false; problems: RequestProblem[] } {
  const validated = validateClusterRequest(withServiceDefaults(input, config.defaults));
  if (!validated.ok) return { ok: false, problems: validated.problems };
  const { request } = validated;
  const max = config.limits.maxNodePools;
  if (request.nodePools.length > max) {
    return {
      ok: false,
      problems: [
        { path: "nodePools", code: "TooManyNodePools", message: `at most ${max} node pools (setting MAX_NODE_POOLS)` },
      ],
    };
  }
  const planned = plan(request, { defaultSubscriptionId: config.arm.defaultSubscriptionId });
  const approval = approvalGateOf(request, config.approval);
  return {
    ok: true,
    accepted: { request, plan: planned, specHash: requestHash(request), ...(approval ? { approval } : {}) },
  };
}

/** The `provision` orchestration's input for an accepted request: the same from every front door. */
export function provisionInputOf(accepted: AcceptedRequest, config: AppConfig): ProvisionInput {
  const { request, plan: planned, specHash, approval } = accepted;
  return {
    request,
    plan: planned,
    specHash,
    settings: orchestrationSettings(config),
    ...(approval ? { approval } : {}),
  };
}
