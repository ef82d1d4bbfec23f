import { isArmError } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import type { ArmServices } from "../../services.js";
import type { StoredOperation, StoredResource } from "../../store/armStore.js";
import { asyncHeaders, operationUrls, requireResource } from "../common.js";
import { checkQuota, type QuotaDemand } from "../quota.js";
import { checkPoolOffer, skuOffer } from "../skuOffer.js";
import { DEFAULT_VM_SIZE, vmSizeOf } from "../vmSizes.js";
import { CLUSTER_TYPE } from "./clusterModel.js";

const NS = "Microsoft.ContainerService";
/** Route pattern of the managed-cluster collection in a resource group. */
export const CLUSTERS = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.containerservice/managedclusters";

/** Canonical id (AKS returns `resourcegroups` in lower case). */
export function clusterId(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourcegroups/${rg}/providers/${NS}/managedClusters/${name}`;
}

/** The cluster of a request: 404 ResourceGroupNotFound / ResourceNotFound. */
export function requireCluster(ctx: RequestContext, services: ArmServices): StoredResource {
  const { sub = "", rg = "", name = "" } = ctx.params;
  return requireResource(services, clusterId(sub, rg, name), {
    subscriptionId: sub,
    resourceGroup: rg,
    type: CLUSTER_TYPE,
    name,
  });
}

/** An asynchronous AKS answer: Azure-AsyncOperation (+ Location for DELETE and POST actions). */
export function clusterLro(
  ctx: RequestContext,
  services: ArmServices,
  status: number,
  op: StoredOperation,
  location: string,
  withResult: boolean,
  body?: unknown,
): Reply {
  const headers = asyncHeaders(
    ctx,
    services,
    operationUrls.regional(NS, op, location, ctx.query.get("api-version") ?? "", withResult),
  );
  return body === undefined ? { status, headers } : { status, body, headers };
}

/** Checks the vCPU quota (regional, family, low-priority); in `async` quota mode a failure becomes the operation's error instead. */
export function quotaCheck(ctx: RequestContext, services: ArmServices, demand: QuotaDemand): void {
  try {
    checkQuota(services.store, services.settings.quota, demand);
  } catch (e) {
    if (!isArmError(e) || services.settings.quota.failure === "sync") throw e;
    ctx.asyncFailure ??= { code: e.code, message: e.message };
  }
}

/** Refuses pools of sizes (or zones) the region does not offer the subscription, as skus lists them. */
export function offerCheck(
  services: ArmServices,
  pools: { vmSize?: unknown; availabilityZones?: unknown }[],
  location: string,
): void {
  for (const pool of pools) {
    const size = vmSizeOf(String(pool.vmSize || DEFAULT_VM_SIZE), location);
    const zones = ((pool.availabilityZones as unknown[] | undefined) ?? []).map(String);
    checkPoolOffer(skuOffer(size, location, services.settings.quota.restrictedSkus), size, location, zones);
  }
}
