import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RestError } from "@azure/core-rest-pipeline";
import { classifyArmError } from "../../../src/azure/armErrors.js";

const rest = (statusCode: number, code?: string) =>
  new RestError(`status ${statusCode}`, { statusCode, ...(code ? { code } : {}) });

describe("classifyArmError", () => {
  const cases: [string, unknown, string, boolean][] = [
    ["429 throttling", rest(429, "SubscriptionRequestsThrottled"), "throttled", true],
    ["409 operation in progress", rest(409, "OperationNotAllowed"), "busy", true],
    ["400 quota", rest(400, "QuotaExceeded"), "quota", false],
    ["AKS vCPU quota", rest(400, "ErrCode_InsufficientVCPUQuota"), "quota", false],
    ["400 invalid parameter", rest(400, "InvalidParameter"), "invalid", false],
    ["subnet outside vnet", rest(400, "NetcfgSubnetRangeOutsideVnet"), "invalid", false],
    ["503", rest(503), "transient", true],
    ["501 is not retried by Azure either", rest(501), "unknown", false],
    ["404 resource group", rest(404, "ResourceGroupNotFound"), "notFound", false],
    ["409 registry name taken", rest(409, "AlreadyInUse"), "conflict", false],
    ["401", rest(401, "AuthenticationFailed"), "unauthorized", false],
    ["network error", new RestError("refused", { code: "ECONNREFUSED" }), "transient", true],
  ];
  for (const [name, error, kind, retryable] of cases) {
    it(name, () => {
      const failure = classifyArmError(error);
      assert.deepEqual([failure.kind, failure.retryable], [kind, retryable]);
    });
  }

  it("reads Azure's code out of a failed long-running operation's plain Error", () => {
    const failure = classifyArmError(
      new Error("The long-running operation has failed. QuotaExceeded. Operation could not be completed"),
    );
    assert.deepEqual(failure, {
      kind: "quota",
      code: "QuotaExceeded",
      message: "Operation could not be completed",
      retryable: false,
    });
  });

  it("keeps the status code of a RestError and never throws on odd input", () => {
    assert.equal(classifyArmError(rest(400, "InvalidParameter")).statusCode, 400);
    for (const odd of [undefined, null, 42, "text", { code: 7 }]) assert.equal(classifyArmError(odd).kind, "unknown");
  });
});
