import type { DurationKind } from "../engine/latency.js";
import type { OperationInit } from "../engine/operationEngine.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { ArmServices } from "../services.js";
import { resourceKey, type StoredOperation, type StoredResource } from "../store/armStore.js";
import { asyncHeaders, beginOperation, clone, type OperationUrls, props, requireResourceGroup } from "./common.js";

/** Status style, id prefix and effect data of a resource type's operations (ACR: `acr`, `registries-`). */
export type OperationOptions = Pick<OperationInit, "statusStyle" | "idPrefix" | "data">;

/** A validated PUT that provisions asynchronously. */
export interface AsyncPut {
  /** Id of the resource written, in the casing it is stored under. */
  id: string;
  subscriptionId: string;
  duration: DurationKind;
  operation?: OperationOptions;
  /** Stores the resource (and whatever goes with it); runs for the first attempt of a request only. */
  write(existing: StoredResource | undefined): void;
  /** Initial status. Defaults to 201 for a create and 200 for an update (a retried attempt answers 201). */
  status?: number;
  /** Wire body of the stored resource. Defaults to a copy of its body. */
  view?: (resource: StoredResource) => unknown;
  /** Where the client polls the operation. */
  urls(op: StoredOperation, apiVersion: string): OperationUrls;
}

/**
 * Starts (or, for a retry of the same request, joins) a `provision` operation, stores the resource
 * with a running provisioningState, and answers with its body and Azure-AsyncOperation headers.
 */
export function asyncPut(ctx: RequestContext, services: ArmServices, put: AsyncPut): Reply {
  const existing = services.store.getResource(put.id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "provision",
    subscriptionId: put.subscriptionId,
    resourceKey: resourceKey(put.id),
    duration: put.duration,
    ...put.operation,
  });
  if (!retried) put.write(existing);
  const current = services.store.getResource(put.id);
  const view = put.view ?? ((r: StoredResource) => clone(r.body));
  return {
    status: put.status ?? (existing && !retried ? 200 : 201),
    body: current ? view(current) : undefined,
    headers: asyncHeaders(ctx, services, put.urls(op, ctx.query.get("api-version") ?? "")),
  };
}

/** A DELETE that removes the resource (and everything under its id) asynchronously. */
export interface AsyncDelete {
  /** Id the request names. */
  id: string;
  duration: DurationKind;
  operation?: OperationOptions;
  /** Throws to refuse the delete while something depends on the target. */
  check?(target: StoredResource): void;
  /** Where the client polls the operation. */
  urls(op: StoredOperation, target: StoredResource, apiVersion: string): OperationUrls;
}

/** DELETE as ARM answers it: 204 when absent, else 202 with poll URLs and the resource `Deleting`. */
export function asyncDelete(ctx: RequestContext, services: ArmServices, del: AsyncDelete): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const target = services.store.getResource(del.id);
  if (!target) return { status: 204 };
  del.check?.(target);
  const { op } = beginOperation(ctx, services, {
    kind: "delete",
    subscriptionId: target.subscriptionId,
    resourceKey: resourceKey(target.id),
    duration: del.duration,
    ...del.operation,
  });
  props(target.body).provisioningState = "Deleting";
  services.store.putResource(target);
  return {
    status: 202,
    headers: asyncHeaders(ctx, services, del.urls(op, target, ctx.query.get("api-version") ?? "")),
  };
}
