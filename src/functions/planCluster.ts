import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { costEstimateActivities } from "../activities/costEstimate.js";
import { preflightActivities } from "../activities/preflight.js";
import { apiError } from "./http/apiError.js";
import { readJsonBody } from "./http/readJsonBody.js";
import { intake } from "./intake.js";
import { getServices } from "./services.js";

/**
 * `POST /api/clusters/plan`: the dry run — every ARM write the request would make, the monthly cost estimate, and
 * the preflight, which reads Azure (quota, names, versions, what exists) and writes nothing.
 */
export async function planCluster(req: HttpRequest): Promise<HttpResponseInit> {
  const body = await readJsonBody(req);
  if (!body.ok) return body.response;
  const services = getServices();
  const checked = intake(body.value, services.config);
  if (!checked.ok) {
    const n = checked.problems.length;
    return apiError(400, "InvalidRequest", `the request has ${n} problem${n === 1 ? "" : "s"}`, {
      details: checked.problems,
    });
  }
  const { plan, request } = checked.accepted;
  // The estimate never fails: an unreadable price API makes it `unavailable`, and the dry run answers anyway.
  const [preflight, estimate] = await Promise.all([
    preflightActivities(services.clientsFor).preflight(plan),
    costEstimateActivities(() => services.config.retailPricesEndpoint).estimateCost({
      request,
      location: plan.location,
    }),
  ]);
  return { status: 200, jsonBody: { plan, estimate, preflight } };
}
