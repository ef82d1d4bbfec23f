import type { ClusterRequest } from "./clusterRequest.js";

/** The service's approval rules (settings APPROVAL_REQUIRED_VM_SIZES, APPROVAL_REQUIRED_SKU_TIERS, APPROVAL_TIMEOUT_HOURS). */
export interface ApprovalPolicy {
  /** VM size patterns (`*` matches any run of characters, case-insensitive) whose pools need an approval. */
  requiredVmSizes: string[];
  /** AKS tiers (`Free`, `Standard`, `Premium`) that need an approval. */
  requiredSkuTiers: string[];
  /** How long an approval is waited for when the request does not say. */
  timeoutHours: number;
}

/** A provisioning's approval gate, fixed at intake: how long to wait, and why it is asked for. */
export interface ApprovalGate {
  timeoutHours: number;
  reasons: string[];
}

/**
 * Whether a request waits for an approval, and why: it asks for one, or the policy requires one for a pool's VM
 * size or the cluster's tier. The policy cannot be opted out of (`required: false` does not lift it).
 */
export function approvalGateOf(request: ClusterRequest, policy: ApprovalPolicy): ApprovalGate | undefined {
  const reasons: string[] = [];
  if (request.approval?.required) reasons.push("the request asks for approval");
  for (const pool of request.nodePools) {
    const pattern = policy.requiredVmSizes.find((p) => wildcardMatches(p, pool.vmSize));
    if (pattern) reasons.push(`pool ${pool.name}: ${pool.vmSize} matches APPROVAL_REQUIRED_VM_SIZES (${pattern})`);
  }
  const tier = request.cluster.skuTier;
  if (policy.requiredSkuTiers.some((t) => t.toLowerCase() === tier.toLowerCase()))
    reasons.push(`the ${tier} tier is in APPROVAL_REQUIRED_SKU_TIERS`);
  if (reasons.length === 0) return undefined;
  return { timeoutHours: request.approval?.timeoutHours ?? policy.timeoutHours, reasons };
}

/** `*` matches any run of characters; everything else literally, ignoring case. */
export function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(value);
}
