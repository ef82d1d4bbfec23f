import type { ClusterRequest, ProvisioningPlan, RequestProblem } from "../request/index.js";
import type { Refusal } from "./intakeRefusal.js";

/** What a body check may look at besides the body and the plan: the request, the operation's parameters. */
export interface BodyCheckContext {
  request: ClusterRequest;
  /** The route's parameters over HTTP, the message's fields over the queue (`requestId`, `pool`). */
  params: Record<string, string>;
}

/**
 * Checks an operation's body against the cluster it is for: the body to run with, every problem (400 / a
 * rejection), or a refusal of its own (a pool the cluster does not have). It may read Azure (live pools, quota).
 */
export type BodyCheck = (
  body: unknown,
  plan: ProvisioningPlan,
  context: BodyCheckContext,
) => BodyCheckResult | Promise<BodyCheckResult>;

/** The answer of a body check. */
export type BodyCheckResult =
  | { ok: true; value: unknown }
  | { ok: false; problems: RequestProblem[] }
  | { ok: false; refusal: Refusal };
