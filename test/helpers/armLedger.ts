import type { CallRecord } from "../../sandbox/arm/policies/callLog.js";
import { type ProvisioningPlan, writesOf } from "../../src/request/index.js";

/** A resource written twice over: created, then PUT again with another body. */
export interface Rewrite {
  resourceId: string;
  /** How many successful PUTs it had, and how many distinct bodies among them. */
  puts: number;
  bodies: number;
}

/** What the call log says about creates: second creates with another body, and same-body re-sends. */
export interface WriteFindings {
  /** Successful PUTs per resource id (create and every re-send). */
  creates: number;
  rewrites: Rewrite[];
  /** Successful PUTs that repeated an earlier one's body exactly (an idempotent retry after a crash). */
  resent: number;
}

/** What ARM's state says about one request: planned resources missing, and resources nobody planned. */
export interface StateFindings {
  requestId: string;
  missing: string[];
  unplanned: string[];
  /** Role assignments found under the request's resource group vs planned. */
  roleAssignments: { found: number; planned: number };
}

const ROLE_ASSIGNMENT = "/providers/microsoft.authorization/roleassignments/";

// Key order varies with how a body was built; a re-send is the same body whatever its key order.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/**
 * Duplicate writes in an ARM call log. A PUT is idempotent: the same body sent again (a retry, a replayed
 * activity) changes nothing and is counted as `resent`; a second successful PUT of the same id with another body is
 * a second create of a resource that already existed, a `rewrite`.
 */
export function duplicateWrites(calls: readonly CallRecord[]): WriteFindings {
  const byId = new Map<string, string[]>();
  for (const c of calls) {
    if (c.method !== "PUT" || c.status < 200 || c.status > 202) continue;
    const id = c.path.toLowerCase();
    byId.set(id, [...(byId.get(id) ?? []), canonical(c.requestBody ?? null)]);
  }
  const rewrites: Rewrite[] = [];
  let resent = 0;
  for (const [resourceId, bodies] of byId) {
    const distinct = new Set(bodies).size;
    resent += bodies.length - distinct;
    if (distinct > 1) rewrites.push({ resourceId, puts: bodies.length, bodies: distinct });
  }
  return { creates: byId.size, rewrites, resent };
}

/**
 * ARM's resources under a request's resource group against its plan: every planned id present, nothing else but
 * children of planned resources (subnets, agent pools, replicas) and exactly the planned number of role
 * assignments (their names come from the principal, so a second principal would be a second assignment).
 */
export function unplannedResources(
  requestId: string,
  planned: ProvisioningPlan,
  resources: readonly Record<string, unknown>[],
): StateFindings {
  const writes = writesOf(planned);
  const ids = writes.flatMap((w) => ("resourceId" in w ? [w.resourceId.toLowerCase()] : []));
  const group = ids.find((id) => /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(id));
  if (!group) throw new Error(`the plan of ${requestId} has no resource group`);
  const inGroup = resources
    .map((r) => String(r.id).toLowerCase())
    .filter((id) => id === group || id.startsWith(`${group}/`));
  const roles = inGroup.filter((id) => id.includes(ROLE_ASSIGNMENT));
  const others = inGroup.filter((id) => !id.includes(ROLE_ASSIGNMENT));
  return {
    requestId,
    missing: ids.filter((id) => !others.includes(id)),
    unplanned: others.filter((id) => !ids.includes(id) && !ids.some((p) => p !== group && id.startsWith(`${p}/`))),
    roleAssignments: { found: roles.length, planned: writes.filter((w) => w.kind === "roleAssignment").length },
  };
}
