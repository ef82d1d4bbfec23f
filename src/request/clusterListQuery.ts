import { CLUSTER_STATES, type ClusterState, isClusterState } from "./clusterRow.js";
import type { RequestProblem } from "./problems.js";

/** Rows per page of `GET /api/clusters`: `?top=` between 1 and MAX, DEFAULT when absent. */
export const CLUSTER_LIST_TOP = { default: 50, max: 200 } as const;

/** The query parameters `GET /api/clusters` reads (any other, such as the function key's `code`, is ignored). */
export const CLUSTER_LIST_PARAMETERS = ["state", "owner", "resourceGroup", "top", "continuationToken"] as const;

/** A validated list query. */
export interface ClusterListQuery {
  filter: { state?: ClusterState; owner?: string; resourceGroup?: string };
  top: number;
  continuationToken?: string;
}

// A table continuation token is base64 text; anything else cannot be one of ours.
const TOKEN = /^[A-Za-z0-9+/_-]{1,4096}={0,2}$/;

/** The query of `GET /api/clusters`, or every problem with it (each naming its parameter). */
export function parseClusterListQuery(
  get: (name: string) => string | null | undefined,
): { ok: true; query: ClusterListQuery } | { ok: false; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const value = (name: string) => {
    const v = get(name);
    return v === null || v === undefined ? undefined : v;
  };
  const filter: ClusterListQuery["filter"] = {};
  const state = value("state");
  if (state !== undefined) {
    if (isClusterState(state)) filter.state = state;
    else
      problems.push({
        path: "state",
        code: "InvalidState",
        message: `'${state.slice(0, 64)}' is not a cluster state; one of ${CLUSTER_STATES.join(", ")}`,
      });
  }
  for (const name of ["owner", "resourceGroup"] as const) {
    const v = value(name);
    if (v === undefined) continue;
    if (v.length === 0 || v.length > 256)
      problems.push({ path: name, code: "InvalidParameter", message: "must be 1–256 characters" });
    else filter[name] = v;
  }
  let top: number = CLUSTER_LIST_TOP.default;
  const topText = value("top");
  if (topText !== undefined) {
    top = Number(topText);
    if (!/^\d+$/.test(topText) || top < 1 || top > CLUSTER_LIST_TOP.max)
      problems.push({
        path: "top",
        code: "InvalidParameter",
        message: `must be a whole number from 1 to ${CLUSTER_LIST_TOP.max}`,
      });
  }
  const continuationToken = value("continuationToken");
  if (continuationToken !== undefined && !TOKEN.test(continuationToken))
    problems.push({
      path: "continuationToken",
      code: "InvalidContinuationToken",
      message: "is not a token this API returned (take nextLink as it is)",
    });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, query: { filter, top, ...(continuationToken ? { continuationToken } : {}) } };
}
