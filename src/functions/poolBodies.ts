import { agentPoolActivities } from "../activities/agentPools.js";
import { readComputeCapacity } from "../activities/computeCapacity.js";
import {
  checkPoolAddBody,
  checkPoolRemove,
  checkScaleBody,
  clusterTargetOf,
  type NodePoolSummary,
  type ProvisioningPlan,
} from "../request/index.js";
import type { BodyCheck, BodyCheckResult } from "./bodyCheck.js";
import { clusterUnreadable } from "./intakeReads.js";
import { refusal } from "./intakeRefusal.js";
import { noBody } from "./operationBodies.js";
import { getServices } from "./services.js";

// The bodies of scale and pool add/remove are checked against the cluster as it is now (its live pools, read with a
// GET: pools added or scaled since the provisioning are not in its plan), with the request's own pool rules; the
// checks themselves are pure (`src/request/poolChanges.ts`).

/** `POST …/scale`: every pool named must be a live pool; autoscaled pools take bounds, others a count or bounds. */
export const scaleBody: BodyCheck = async (body, plan) => {
  const live = await livePools(plan);
  if (!Array.isArray(live)) return live;
  return checkScaleBody(body, live);
};

/** `POST …/pools`: a request's pool, checked with the request's rules, the region's VM sizes and quota. */
export const poolAddBody: BodyCheck = async (body, plan, { request }) => {
  const live = await livePools(plan);
  if (!Array.isArray(live)) return live;
  const capacity = await readComputeCapacity(getServices().clientsFor, plan.subscriptionId, plan.location);
  return checkPoolAddBody(body, request, plan, live, capacity);
};

/** `DELETE …/pools/{pool}`: no body; 404 for a pool the cluster does not have, 400 for its last System pool. */
export const poolRemoveBody: BodyCheck = async (body, plan, context) => {
  const none = await noBody(body, plan, context);
  if (!none.ok) return none;
  const { params } = context;
  const name = params.pool ?? "";
  const live = await livePools(plan);
  if (!Array.isArray(live)) return live;
  return (
    checkPoolRemove(name, live) ?? {
      ok: false,
      refusal: refusal("notFound", "NotFound", `'${name}' is not a pool of ${plan.clusterName}`, { target: name }),
    }
  );
};

async function livePools(plan: ProvisioningPlan): Promise<NodePoolSummary[] | BodyCheckResult> {
  const read = await agentPoolActivities(getServices().clientsFor).readAgentPools(clusterTargetOf(plan));
  return read.found ? read.pools : clusterUnreadable(plan, read.error);
}
