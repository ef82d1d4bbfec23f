import { type ClusterRequest, clusterRequestSchema } from "./clusterRequest.js";
import { cappedProblems, forbiddenKeyProblems, problemsFromZod, type RequestProblem } from "./problems.js";
import { clusterProfileRules } from "./rules/clusterProfileRules.js";
import { networkRules } from "./rules/networkRules.js";
import { poolRules } from "./rules/poolRules.js";
import { requestRules } from "./rules/requestRules.js";

/** Outcome of validating a request: the parsed request with defaults, or every problem found. */
export type ValidationResult = { ok: true; request: ClusterRequest } | { ok: false; problems: RequestProblem[] };

/**
 * Validates any input against the request schema, then (when the shape is right) against every rule ARM
 * would enforce later. Never throws: whatever goes wrong becomes a problem.
 */
export function validateClusterRequest(input: unknown): ValidationResult {
  try {
    const forbidden = forbiddenKeyProblems(input);
    const parsed = clusterRequestSchema.safeParse(input);
    if (!parsed.success)
      return { ok: false, problems: cappedProblems([...forbidden, ...problemsFromZod(parsed.error.issues, input)]) };
    const problems = [
      ...forbidden,
      ...poolRules(parsed.data),
      ...networkRules(parsed.data),
      ...requestRules(parsed.data),
      ...clusterProfileRules(parsed.data),
    ];
    return problems.length > 0 ? { ok: false, problems: cappedProblems(problems) } : { ok: true, request: parsed.data };
  } catch (e) {
    // Only reachable through exotic inputs (throwing getters, proxies); JSON never gets here.
    return {
      ok: false,
      problems: [
        {
          path: "",
          code: "InvalidRequest",
          message: `unreadable request: ${e instanceof Error ? e.message : typeof e}`,
        },
      ],
    };
  }
}
