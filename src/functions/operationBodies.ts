import type { BodyCheck } from "./bodyCheck.js";

/** A body that must say nothing (stop, start, deprovision): `{}` or none at all. */
export const noBody: BodyCheck = (body) => {
  if (body && typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 0)
    return { ok: true, value: {} };
  const fields = body && typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [];
  return {
    ok: false,
    problems:
      fields.length > 0
        ? fields.map((f) => ({ path: f, code: "UnknownField", message: "this operation takes no fields" }))
        : [{ path: "", code: "InvalidType", message: "send {} or no body" }],
  };
};
