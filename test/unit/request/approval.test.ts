import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ApprovalPolicy,
  approvalGateOf,
  validateApprovalBody,
  validateClusterRequest,
  wildcardMatches,
} from "../../../src/request/index.js";
import { aClusterRequest, withValues } from "./builders.js";

const none: ApprovalPolicy = { requiredVmSizes: [], requiredSkuTiers: [], timeoutHours: 72 };
const parse = (values: Record<string, unknown> = {}) => {
  const result = validateClusterRequest(withValues(aClusterRequest(), values));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.request;
};

describe("approval: when a request waits for one", () => {
  it("waits when the request asks, with its timeout or the setting's", () => {
    assert.equal(approvalGateOf(parse(), none), undefined);
    assert.equal(approvalGateOf(parse({ approval: { required: false } }), none), undefined);
    assert.deepEqual(approvalGateOf(parse({ approval: { required: true } }), none), {
      timeoutHours: 72,
      reasons: ["the request asks for approval"],
    });
    assert.equal(approvalGateOf(parse({ approval: { required: true, timeoutHours: 0.5 } }), none)?.timeoutHours, 0.5);
  });

  it("waits when a pool's VM size matches a pattern or the tier is listed, whatever the request says", () => {
    const policy = { ...none, requiredVmSizes: ["standard_nc*", "Standard_ND*"], requiredSkuTiers: ["Premium"] };
    const gpu = parse({ "nodePools[2].vmSize": "Standard_NC6s_v3", approval: { required: false } });
    assert.deepEqual(approvalGateOf(gpu, policy)?.reasons, [
      "pool batch: Standard_NC6s_v3 matches APPROVAL_REQUIRED_VM_SIZES (standard_nc*)",
    ]);
    assert.deepEqual(approvalGateOf(parse({ "cluster.skuTier": "Premium" }), policy)?.reasons, [
      "the Premium tier is in APPROVAL_REQUIRED_SKU_TIERS",
    ]);
    assert.equal(approvalGateOf(parse({ "cluster.skuTier": "Standard" }), policy), undefined);
  });

  it("matches wildcards whole and literally otherwise", () => {
    assert.ok(wildcardMatches("Standard_D*s_v5", "Standard_D4s_v5"));
    assert.ok(!wildcardMatches("Standard_D*s_v5", "Standard_D4s_v5_x"));
    assert.ok(!wildcardMatches("Standard_D4.", "Standard_D4s"));
  });

  it("reports field-level problems of the request's approval and currency", () => {
    const result = validateClusterRequest(
      withValues(aClusterRequest(), { approval: { required: "yes", timeoutHours: 0, extra: 1 }, costCurrency: "XYZ" }),
    );
    assert.ok(!result.ok);
    const paths = result.problems.map((p) => p.path).sort();
    assert.deepEqual(paths, ["approval.extra", "approval.required", "approval.timeoutHours", "costCurrency"]);
  });
});

describe("approval: the decision's body", () => {
  it("takes an approver and an optional comment", () => {
    assert.deepEqual(validateApprovalBody({ approver: " lead@contoso.com ", comment: "ok" }), {
      ok: true,
      body: { approver: "lead@contoso.com", comment: "ok" },
    });
  });

  it("lists every problem with its path", () => {
    const bad = validateApprovalBody({ approver: "", comment: 5, other: true });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.problems.map((p) => p.path).sort(), ["approver", "comment", "other"]);
    const missing = validateApprovalBody({});
    assert.ok(!missing.ok);
    assert.deepEqual(
      missing.problems.map((p) => [p.path, p.code]),
      [["approver", "Required"]],
    );
    assert.ok(!validateApprovalBody([]).ok);
    assert.ok(!validateApprovalBody(null).ok);
  });
});
