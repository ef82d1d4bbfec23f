import type { ResourceSku, Usage } from "@azure/arm-compute";
import { classifyArmError } from "../azure/armErrors.js";
import type { AzureClients } from "../azure/clients.js";
import { ArmThrottledError } from "../azure/throttling.js";
import { WriteRefusedError } from "../azure/writeGate.js";
import {
  type ProvisioningPlan,
  TAG_REQUEST_ID,
  type TaggedWrite,
  targetOf,
  writeOf,
  writesOf,
} from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { getOrUndefined, RetryableArmError } from "./errors.js";
import { ownerOf } from "./ownership.js";
import { referencesCheck } from "./referencesCheck.js";
import { bindingOf } from "./resourceKinds.js";

/** One check of the preflight. */
export interface PreflightCheck {
  name:
    | "resourceGroup"
    | "existingResources"
    | "references"
    | "registryName"
    | "vmSizes"
    | "quota"
    | "kubernetesVersion";
  status: "ok" | "failed" | "warning" | "skipped";
  message: string;
  details?: Record<string, unknown>;
}

/** The preflight's answer: every check, and whether none failed. */
export interface PreflightResult {
  ok: boolean;
  checks: PreflightCheck[];
}

/** An orchestration's preflight answer: what was found, and whether a check could not be done for a reason worth
 * trying again (ARM throttled a burst of requests' reads, a transient error). */
export interface PreflightAnswer {
  result: PreflightResult;
  retryable: boolean;
}

/** A pool as the quota sees it: the most nodes it can run, upgrade surge included. */
interface PoolDemand {
  name: string;
  vmSize: string;
  maxNodes: number;
  zones: string[];
}

/**
 * The dry run's preflight: what Azure would refuse, read before anything is written — a resource group or
 * resource owned by another request, a referenced existing resource (subnet, registry, identity) that is missing
 * or unreadable (`referencesCheck.ts`), a taken registry name, VM sizes the region does not offer (or not in the
 * zones asked for), the regional vCPU quota of every pool's VM family at full scale plus one surge node, and
 * the Kubernetes version. Reads only, but for the registry's name check: a POST that changes nothing, which ARM
 * still counts as a write. A run's preflight leaves it to `checkRegistryName`, metered like its other writes.
 */
export function preflightActivities(clients: ClientsFor) {
  return {
    /**
     * The dry run's answer: every check, a read Azure throttled or failed transiently as a failed check with
     * Azure's words (the caller is a person, who can ask again).
     */
    preflight: async (plan: ProvisioningPlan): Promise<PreflightResult> => resultOf(await runChecks(clients, plan)),
    /**
     * An orchestration's: the same checks, answered so the run waits and asks again instead of refusing a request
     * Azure would take (`preflightRetry.ts`).
     */
    preflightForRun: async (plan: ProvisioningPlan): Promise<PreflightAnswer> =>
      answerOf(await runChecks(clients, plan, { registryName: false })),
    /**
     * The registry's name check alone, answered alike: a run's, taken out of its preflight so that the POST draws a
     * token from the subscription's write budget (`writeCostOf`) instead of going around it.
     */
    checkRegistryName: async (plan: ProvisioningPlan): Promise<PreflightAnswer> =>
      answerOf([await guard("registryName", () => registryNameCheck(clients(plan.subscriptionId), plan))]),
    /** The `references` check alone, answered alike: what a provisioning without an approval gate reads first. */
    checkReferences: async (plan: ProvisioningPlan): Promise<PreflightAnswer> =>
      answerOf([await guard("references", () => referencesCheck(clients, plan))]),
  };
}

const answerOf = (guarded: Guarded[]): PreflightAnswer => ({
  result: resultOf(guarded),
  retryable: guarded.some((g) => g.retryable),
});

function runChecks(clients: ClientsFor, plan: ProvisioningPlan, only = { registryName: true }): Promise<Guarded[]> {
  const c = clients(plan.subscriptionId);
  const pools = poolDemands(plan);
  const skus = listAll(c.compute.resourceSkus.list({ filter: `location eq '${plan.location}'` }));
  return Promise.all([
    guard("resourceGroup", () => resourceGroupCheck(c, plan)),
    guard("existingResources", () => existingResourcesCheck(clients, plan)),
    guard("references", () => referencesCheck(clients, plan)),
    ...(only.registryName ? [guard("registryName", () => registryNameCheck(c, plan))] : []),
    guard("vmSizes", async () => vmSizesCheck(plan, pools, await skus)),
    guard("quota", async () => quotaCheck(c, plan, pools, await skus)),
    guard("kubernetesVersion", () => kubernetesVersionCheck(c, plan)),
  ]);
}

/** A check's answer, and whether what kept it from being done is worth trying again. */
interface Guarded {
  check: PreflightCheck;
  retryable?: boolean;
}

const resultOf = (guarded: Guarded[]): PreflightResult => {
  const checks = guarded.map((g) => g.check);
  return { ok: checks.every((check) => check.status !== "failed"), checks };
};

// A read Azure refused is a failed check with Azure's words, not a failed dry run. What a metered call
// (`meteredWrite`) answers as a deferral goes through: the budget refusing the write right before it is sent, and a
// 429 thrown as such (the call comes back after ARM's Retry-After).
async function guard(name: PreflightCheck["name"], check: () => Promise<PreflightCheck>): Promise<Guarded> {
  try {
    return { check: await check() };
  } catch (error) {
    if (error instanceof ArmThrottledError || error instanceof WriteRefusedError) throw error;
    const failure = error instanceof RetryableArmError ? error.failure : classifyArmError(error);
    return {
      check: { name, status: "failed", message: `could not check: ${failure.code}: ${failure.message}` },
      ...(failure.retryable ? { retryable: true } : {}),
    };
  }
}

function poolDemands(plan: ProvisioningPlan): PoolDemand[] {
  const cluster = writeOf(plan, "managedCluster");
  return (cluster?.body.agentPoolProfiles ?? []).map((p) => ({
    name: p.name,
    vmSize: p.vmSize ?? "",
    // Autoscaled pools can grow to their maximum; every pool surges by one node during upgrades.
    maxNodes: (p.enableAutoScaling ? (p.maxCount ?? p.count ?? 1) : (p.count ?? 1)) + 1,
    zones: p.availabilityZones ?? [],
  }));
}

async function listAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function resourceGroupCheck(c: AzureClients, plan: ProvisioningPlan): Promise<PreflightCheck> {
  const read = await getOrUndefined(() => c.resources.resourceGroups.get(plan.resourceGroup));
  if (!read.ok)
    return { name: "resourceGroup", status: "failed", message: `${read.error.code}: ${read.error.message}` };
  if (!read.value) return { name: "resourceGroup", status: "ok", message: `${plan.resourceGroup} will be created` };
  const owner = ownerOf(read.value);
  const by = owner === plan.requestId ? "this request" : owner ? `request ${owner}` : "someone else";
  return {
    name: "resourceGroup",
    status: "ok",
    message: `${plan.resourceGroup} exists (created by ${by}) and is used as it is: not re-tagged, never deleted`,
    details: { found: true },
  };
}

async function existingResourcesCheck(clients: ClientsFor, plan: ProvisioningPlan): Promise<PreflightCheck> {
  const writes = writesOf(plan).filter(
    (w): w is TaggedWrite =>
      w.kind !== "resourceGroup" && w.kind !== "roleAssignment" && w.kind !== "maintenanceConfiguration",
  );
  const found = await Promise.all(
    writes.map(async (w) => {
      const target = targetOf(w);
      const read = await getOrUndefined(() => bindingOf(w.kind).get(clients(w.subscriptionId), target));
      return { id: w.resourceId, owner: read.ok && read.value ? (ownerOf(read.value) ?? "") : undefined };
    }),
  );
  const elsewhere = found.filter((f) => f.owner !== undefined && f.owner !== plan.requestId);
  const ours = found.filter((f) => f.owner === plan.requestId).map((f) => f.id);
  if (elsewhere.length > 0) {
    return {
      name: "existingResources",
      status: "failed",
      message: `ResourceOwnedElsewhere: ${elsewhere.map((f) => `${f.id} (${f.owner ? `request ${f.owner}` : `no ${TAG_REQUEST_ID} tag`})`).join(", ")}`,
      details: { ownedElsewhere: elsewhere.map((f) => f.id), ours },
    };
  }
  const message =
    ours.length > 0 ? `${ours.length} already exist for this request and will be reused` : "none exists yet";
  return { name: "existingResources", status: "ok", message, details: { ours } };
}

async function registryNameCheck(c: AzureClients, plan: ProvisioningPlan): Promise<PreflightCheck> {
  const write = writeOf(plan, "registry");
  if (!write) return { name: "registryName", status: "skipped", message: "no new registry" };
  const status = await c.containerRegistry.registries.checkNameAvailability({
    name: write.name,
    type: "Microsoft.ContainerRegistry/registries",
  });
  if (status.nameAvailable) return { name: "registryName", status: "ok", message: `${write.name} is available` };
  const mine = await getOrUndefined(() => c.containerRegistry.registries.get(write.resourceGroup, write.name));
  if (mine.ok && ownerOf(mine.value) === plan.requestId)
    return { name: "registryName", status: "ok", message: `${write.name} exists for this request` };
  return {
    name: "registryName",
    status: "failed",
    message: `${write.name} is not available: ${status.message ?? status.reason ?? "taken"}`,
  };
}

function skuOf(skus: ResourceSku[], vmSize: string): ResourceSku | undefined {
  return skus.find((s) => s.resourceType === "virtualMachines" && s.name?.toLowerCase() === vmSize.toLowerCase());
}

function vcpusOf(sku: ResourceSku | undefined): number {
  return Number(sku?.capabilities?.find((cap) => cap.name === "vCPUs")?.value ?? 0);
}

function vmSizesCheck(plan: ProvisioningPlan, pools: PoolDemand[], skus: ResourceSku[]): PreflightCheck {
  const problems: string[] = [];
  for (const pool of pools) {
    const sku = skuOf(skus, pool.vmSize);
    if (!sku) {
      problems.push(`${pool.name}: ${pool.vmSize} is not offered in ${plan.location}`);
      continue;
    }
    const restricted = sku.restrictions?.find(
      (r) => r.reasonCode === "NotAvailableForSubscription" && r.type === "Location",
    );
    if (restricted)
      problems.push(`${pool.name}: ${pool.vmSize} is not available to this subscription in ${plan.location}`);
    const offered = sku.locationInfo?.find((l) => l.location?.toLowerCase() === plan.location)?.zones ?? [];
    const missing = pool.zones.filter((z) => !offered.includes(z));
    if (missing.length > 0)
      problems.push(`${pool.name}: ${pool.vmSize} is not offered in zone(s) ${missing.join(", ")}`);
  }
  return problems.length > 0
    ? { name: "vmSizes", status: "failed", message: problems.join("; ") }
    : { name: "vmSizes", status: "ok", message: `every pool's VM size is offered in ${plan.location}` };
}

async function quotaCheck(
  c: AzureClients,
  plan: ProvisioningPlan,
  pools: PoolDemand[],
  skus: ResourceSku[],
): Promise<PreflightCheck> {
  const usages = await listAll(c.compute.usage.list(plan.location));
  const byName = new Map<string, Usage>(usages.map((u) => [u.name.value?.toLowerCase() ?? "", u]));
  const demand = new Map<string, number>();
  let total = 0;
  for (const pool of pools) {
    const sku = skuOf(skus, pool.vmSize);
    if (!sku?.family) continue; // reported by the VM size check
    const vcpus = vcpusOf(sku) * pool.maxNodes;
    demand.set(sku.family, (demand.get(sku.family) ?? 0) + vcpus);
    total += vcpus;
  }
  const rows = [...demand.entries(), ["cores", total] as [string, number]].map(([family, needed]) => {
    const usage = byName.get(family.toLowerCase());
    const free = usage ? usage.limit - usage.currentValue : undefined;
    return { family, needed, current: usage?.currentValue, limit: usage?.limit, free };
  });
  const short = rows.filter((r) => r.free !== undefined && r.needed > r.free);
  const details = { location: plan.location, families: rows };
  if (short.length > 0) {
    const text = short.map(
      (r) => `${r.family} needs ${r.needed} vCPUs, ${r.free} free (limit ${r.limit}, in use ${r.current})`,
    );
    return {
      name: "quota",
      status: "failed",
      message: `QuotaExceeded in ${plan.location}: ${text.join("; ")}`,
      details,
    };
  }
  return {
    name: "quota",
    status: "ok",
    message: `every VM family fits at full scale plus one surge node per pool`,
    details,
  };
}

async function kubernetesVersionCheck(c: AzureClients, plan: ProvisioningPlan): Promise<PreflightCheck> {
  const cluster = writeOf(plan, "managedCluster");
  const wanted = cluster?.body.kubernetesVersion;
  const { values = [] } = await c.containerService.managedClusters.listKubernetesVersions(plan.location);
  const offered = values.flatMap((v) => [v.version ?? "", ...Object.keys(v.patchVersions ?? {})]).filter(Boolean);
  const fallback = values.find((v) => v.isDefault)?.version;
  if (!wanted)
    return { name: "kubernetesVersion", status: "ok", message: `the region's default (${fallback ?? "unknown"})` };
  if (offered.includes(wanted))
    return { name: "kubernetesVersion", status: "ok", message: `${wanted} is offered in ${plan.location}` };
  return {
    name: "kubernetesVersion",
    status: "failed",
    message: `K8sVersionNotSupported: ${wanted} is not offered in ${plan.location}; offered: ${values.map((v) => v.version).join(", ")}`,
  };
}
