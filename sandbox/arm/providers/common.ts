import { type DurationKind, operationDurationKey } from "../engine/latency.js";
import type { OperationInit } from "../engine/operationEngine.js";
import { armErrors } from "../errors.js";
import { jsonBody, type Reply, type RequestContext } from "../http/context.js";
import { type ArmServices, stepDuration } from "../services.js";
import type { ArmBody, StoredOperation, StoredResource } from "../store/armStore.js";
import { checkRegion } from "./regions.js";

/** Resource-group id in ARM's canonical casing. */
export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** The resource group a write goes into: 404 when missing, 409 while it is being deleted. */
export function requireResourceGroup(services: ArmServices, subscriptionId: string, name: string): StoredResource {
  const rg = services.store.getResource(resourceGroupId(subscriptionId, name));
  if (!rg) throw armErrors.resourceGroupNotFound(name);
  if (props(rg.body).provisioningState === "Deleting") throw armErrors.resourceGroupBeingDeleted(name);
  return rg;
}

/** A resource that must exist: 404 ResourceGroupNotFound or ResourceNotFound as ARM answers. */
export function requireResource(
  services: ArmServices,
  id: string,
  where: { subscriptionId: string; resourceGroup: string; type: string; name: string },
): StoredResource {
  const found = services.store.getResource(id);
  if (found) return found;
  if (!services.store.getResource(resourceGroupId(where.subscriptionId, where.resourceGroup))) {
    throw armErrors.resourceGroupNotFound(where.resourceGroup);
  }
  throw armErrors.resourceNotFound(where.type, where.name, where.resourceGroup);
}

/** The JSON object body of a write; 400 InvalidRequestContent otherwise. */
export function objectBody(ctx: RequestContext): Record<string, unknown> {
  const body = jsonBody(ctx);
  if (body === undefined) return {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw armErrors.invalidRequestContent("expected a JSON object");
  }
  return body as Record<string, unknown>;
}

/** `properties` of a body (created when absent). */
export function props(body: Record<string, unknown>): Record<string, unknown> {
  const p = body.properties;
  if (typeof p === "object" && p !== null && !Array.isArray(p)) return p as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  body.properties = created;
  return created;
}

/** A deep copy, so stored bodies never alias request objects. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Terminal provisioning states; anything else means an operation is running. */
export function isTerminal(state: unknown): boolean {
  return state === undefined || state === "Succeeded" || state === "Failed" || state === "Canceled";
}

/** A new stored resource. */
export function stored(
  init: Omit<StoredResource, "internal"> & { internal?: Record<string, unknown> },
): StoredResource {
  return { ...init, internal: init.internal ?? {} };
}

/** The wire body of a stored resource (a copy). */
export function view(resource: StoredResource): ArmBody {
  return clone(resource.body);
}

/** Where the status and result of an operation are polled, relative to the endpoint. */
export interface OperationUrls {
  /** Azure-AsyncOperation path (omitted for Location-only operations). */
  statusPath?: string;
  /** Location path (omitted for AAO-only operations). */
  resultPath?: string;
  apiVersion: string;
}

/** Headers of an asynchronous answer: Azure-AsyncOperation and/or Location, plus Retry-After. */
export function asyncHeaders(ctx: RequestContext, services: ArmServices, urls: OperationUrls): Record<string, string> {
  const headers: Record<string, string> = { "Retry-After": String(services.settings.retryAfterSeconds) };
  const withVersion = (path: string) =>
    `${ctx.baseUrl}${path}${path.includes("?") ? "&" : "?"}api-version=${urls.apiVersion}`;
  if (urls.statusPath) headers["Azure-AsyncOperation"] = withVersion(urls.statusPath);
  if (urls.resultPath) headers.Location = withVersion(urls.resultPath);
  return headers;
}

/** Operation URLs in the form a provider uses (docs/specs/arm.md §2.8 "Real status URL forms", §2.9). */
export const operationUrls = {
  /** AKS and Network: `/subscriptions/{sub}/providers/{ns}/locations/{loc}/operations/{id}` (+ `operationresults`). */
  regional(ns: string, op: StoredOperation, location: string, apiVersion: string, withResult: boolean): OperationUrls {
    const base = `/subscriptions/${op.subscriptionId}/providers/${ns}/locations/${location}`;
    return {
      statusPath: `${base}/operations/${op.id}`,
      ...(withResult ? { resultPath: `${base}/operationresults/${op.id}` } : {}),
      apiVersion,
    };
  },
  /** ACR: `{registryId}/operationStatuses/registries-{uuid}`. */
  registry(registryId: string, op: StoredOperation, apiVersion: string, withResult: boolean): OperationUrls {
    return {
      statusPath: `${registryId}/operationStatuses/${op.id}`,
      ...(withResult ? { resultPath: `${registryId}/operationResults/${op.id}` } : {}),
      apiVersion,
    };
  },
  /** Disks: `…/locations/{loc}/DiskOperations/{id}`, Location the same with `monitor=true`. */
  disk(op: StoredOperation, location: string, apiVersion: string): OperationUrls {
    const path = `/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${location}/DiskOperations/${op.id}`;
    return { statusPath: path, resultPath: `${path}?monitor=true`, apiVersion };
  },
  /** Resource groups: Location only, `/subscriptions/{sub}/operationresults/{token}`. */
  subscription(op: StoredOperation, apiVersion: string): OperationUrls {
    return { resultPath: `/subscriptions/${op.subscriptionId}/operationresults/${op.id}`, apiVersion };
  },
};

/** PATCH that updates only `tags` (synchronously), as identities and resource groups allow. */
export function patchTags(ctx: RequestContext, services: ArmServices, resource: StoredResource): Reply {
  const tags = tagsOf(objectBody(ctx));
  if (tags) resource.body.tags = tags;
  services.store.putResource(resource);
  return { status: 200, body: view(resource) };
}

/** The `location` of a write, lower-cased and without spaces as ARM normalizes it; 400 for an unknown region. */
export function normalizeLocation(location: unknown, resourceType: string): string {
  if (typeof location !== "string" || !location.trim()) throw armErrors.locationRequired();
  const normalized = location.toLowerCase().replace(/\s+/g, "");
  checkRegion(normalized, resourceType);
  return normalized;
}

/** `tags` of a body, if an object. */
export function tagsOf(body: Record<string, unknown>): Record<string, string> | undefined {
  const tags = body.tags;
  return typeof tags === "object" && tags !== null ? (tags as Record<string, string>) : undefined;
}

/** The envelope of a tracked resource body: id, name, type, location, and `tags` when the request sent any. */
export function trackedBody(
  base: { id: string; name: string; type: string; location: string },
  input: Record<string, unknown>,
): ArmBody {
  const tags = tagsOf(input);
  return { ...base, ...(tags ? { tags } : {}) };
}

/**
 * Starts an asynchronous operation for a request, or returns the one a previous attempt of the
 * same request (same x-ms-client-request-id, as the SDK's retry policy re-sends) already started.
 */
export function beginOperation(
  ctx: RequestContext,
  services: ArmServices,
  init: Omit<OperationInit, "clientRequestId" | "error" | "durationMs" | "method"> & { duration: DurationKind },
): { op: StoredOperation; retried: boolean } {
  const previous = services.engine.findRetried(init.resourceKey, ctx.clientRequestId);
  if (previous) return { op: previous, retried: true };
  const { duration, ...rest } = init;
  const op = services.engine.start({
    ...rest,
    method: ctx.method,
    durationMs: stepDuration(services, duration, operationDurationKey(init.resourceKey, init.kind)),
    clientRequestId: ctx.clientRequestId,
    error: ctx.asyncFailure,
  });
  return { op, retried: false };
}

/**
 * One page of a list as ARM returns it: `{value, nextLink?}`, `settings.pageSize` items per page;
 * `nextLink` repeats the request's query with `$skiptoken`, and the SDKs follow it.
 */
export function page(
  ctx: RequestContext,
  services: ArmServices,
  items: unknown[],
): { value: unknown[]; nextLink?: string } {
  const size = Math.max(1, services.settings.pageSize);
  const offset = Math.max(0, Number(ctx.query.get("$skiptoken") ?? 0) || 0);
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const query = new URLSearchParams(ctx.query);
  query.set("$skiptoken", String(offset + size));
  return { value, nextLink: `${ctx.baseUrl}${ctx.path}?${query}` };
}
