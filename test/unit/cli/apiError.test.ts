import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiFailure, renderApiError } from "../../../cli/apiClient.js";

describe("renderApiError", () => {
  it("shows the status, code and message, then each problem on its own line", () => {
    const failure = new ApiFailure(400, {
      code: "InvalidRequest",
      message: "the request has 2 problems",
      details: [
        { path: "nodePools[0].vmSize", code: "InvalidParameter", message: "not a VM size" },
        { path: "", code: "InvalidRequest", message: "unreadable" },
      ],
    });
    assert.deepEqual(renderApiError(failure), [
      "error 400 InvalidRequest: the request has 2 problems",
      "  nodePools[0].vmSize: InvalidParameter: not a VM size",
      "  (request): InvalidRequest: unreadable",
    ]);
  });

  it("names the target of a conflict", () => {
    const failure = new ApiFailure(409, { code: "ClusterBusy", message: "scale runs", target: "op-1" });
    assert.deepEqual(renderApiError(failure), ["error 409 ClusterBusy: scale runs (op-1)"]);
  });
});
