import type { ArmFailure } from "../azure/armErrors.js";
import { TAG_REQUEST_ID } from "../request/index.js";

/** The request id a resource is tagged with, if any. */
export function ownerOf(resource: { tags?: Record<string, string> } | undefined): string | undefined {
  return resource?.tags?.[TAG_REQUEST_ID];
}

/**
 * The conflict for a resource that exists but is not this request's: it is never adopted, overwritten or
 * deleted, whoever made it.
 */
export function ownedElsewhere(resourceId: string, requestId: string, owner: string | undefined): ArmFailure {
  const by = owner ? `request ${owner}` : `something else (no ${TAG_REQUEST_ID} tag)`;
  return {
    kind: "conflict",
    code: "ResourceOwnedElsewhere",
    message: `${resourceId} already exists and was created by ${by}, not by request ${requestId}; it was left untouched.`,
    statusCode: 409,
    retryable: false,
  };
}
