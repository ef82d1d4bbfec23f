// The sequential baseline: what a script (or `az` one command at a time) does with the same SDK clients the app
// uses — every planned write in plan order, each awaited to its end (`await poller`, i.e. pollUntilDone) before
// the next: resource group, VNet, registry, disk, cluster with its pools, then the nodes Ready through the
// Kubernetes API (as src/activities/readiness.ts reads them), then the role assignments.
import { setTimeout as sleep } from "node:timers/promises";
import type { ManagedCluster } from "@azure/arm-containerservice";
import { CoreV1Api, KubeConfig, type V1Node } from "@kubernetes/client-node";
import { type ArmSandbox, sandboxClientOptions, sandboxCredential } from "../../sandbox/arm/index.js";
import { type AzureClients, createAzureClients } from "../../src/azure/clients.js";
import {
  type ArmWrite,
  type ManagedClusterWrite,
  type ProvisioningPlan,
  resolveRoleAssignment,
} from "../../src/request/index.js";

/** What the baseline took: the whole, and the time at the end of each step (ms from its start). */
export interface SequentialRun {
  wallMs: number;
  /** Step name → ms from the start when it had finished, in order. */
  stepsDoneAtMs: Record<string, number>;
}

/** The app's own client factory (`src/azure/clients.ts`), trusting the sandbox certificate in-process. */
export function appClients(arm: ArmSandbox): AzureClients {
  const endpoint = {
    endpoint: arm.url,
    audience: "https://management.azure.com",
    defaultSubscriptionId: arm.subscriptionId,
  };
  return createAzureClients(endpoint, sandboxCredential(), arm.subscriptionId, {
    tlsOptions: sandboxClientOptions(arm).tlsOptions,
  });
}

const isReady = (n: V1Node) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;

/**
 * Runs `plan` one write at a time against `arm`. Every poller gets `updateIntervalInMs` (the Retry-After the
 * sandbox sends is 0, which the SDK treats as absent, so this interval is the pace), and the node wait lists the
 * nodes at the same interval until each pool has its count Ready.
 */
export async function runSequential(
  arm: ArmSandbox,
  plan: ProvisioningPlan,
  intervalMs: number,
): Promise<SequentialRun> {
  const c = appClients(arm);
  const poll = { updateIntervalInMs: intervalMs };
  const stepsDoneAtMs: Record<string, number> = {};
  const started = performance.now();
  const done = (step: string) => {
    stepsDoneAtMs[step] = Math.round(performance.now() - started);
  };
  const writes = (stage: string) =>
    plan.stages
      .filter((s) => s.name === stage)
      .flatMap((s) => s.branches.flatMap((b) => b.writes.map((w) => ({ b, w }))));

  for (const { b, w } of [...writes("resourceGroup"), ...writes("dependencies")]) {
    await put(c, w, poll);
    done(b.name);
  }
  const clusterWrite = writes("cluster")[0]?.w as ManagedClusterWrite;
  const cluster = (await put(c, clusterWrite, poll)) as ManagedCluster;
  done("cluster");
  await nodesReady(c, clusterWrite, intervalMs);
  done("readiness");
  for (const { b, w } of writes("roleAssignments")) {
    if (w.kind !== "roleAssignment") continue;
    const principalId =
      w.principalFrom === "kubeletIdentity"
        ? cluster.identityProfile?.kubeletidentity?.objectId
        : cluster.identity?.principalId;
    if (!principalId) throw new Error(`the cluster reports no principal for ${b.name}`);
    const ra = resolveRoleAssignment(w, principalId);
    await c.authorization.roleAssignments.create(ra.scope, ra.name, ra.body);
    done(b.name);
  }
  return { wallMs: Math.round(performance.now() - started), stepsDoneAtMs };
}

/** One planned write, awaited to its end (a long-running PUT through the SDK's own poller). */
async function put(c: AzureClients, w: ArmWrite, poll: { updateIntervalInMs: number }): Promise<unknown> {
  switch (w.kind) {
    case "resourceGroup":
      return c.resources.resourceGroups.createOrUpdate(w.name, w.body);
    case "virtualNetwork":
      return await c.network.virtualNetworks.createOrUpdate(w.resourceGroup, w.name, w.body, poll);
    case "registry":
      return await c.containerRegistry.registries.create(w.resourceGroup, w.name, w.body, poll);
    case "replication":
      return await c.containerRegistry.replications.create(w.resourceGroup, w.registryName, w.name, w.body, poll);
    case "disk":
      return await c.compute.disks.createOrUpdate(w.resourceGroup, w.name, w.body, poll);
    case "managedCluster":
      return await c.containerService.managedClusters.createOrUpdate(w.resourceGroup, w.name, w.body, poll);
    case "roleAssignment":
      throw new Error("role assignments need the cluster's principal");
  }
}

/** `az aks get-credentials`, then list the nodes every interval until each pool has its count Ready. */
async function nodesReady(c: AzureClients, w: ManagedClusterWrite, intervalMs: number): Promise<void> {
  const creds = await c.containerService.managedClusters.listClusterUserCredentials(w.resourceGroup, w.name);
  const kc = new KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
  const core = kc.makeApiClient(CoreV1Api);
  const pools = (w.body.agentPoolProfiles ?? []).map((p) => ({
    name: p.name,
    nodes: (p.enableAutoScaling ? p.minCount : p.count) ?? 1,
  }));
  for (;;) {
    const nodes = (await core.listNode()).items.filter(isReady);
    const ready = pools.every((p) => nodes.filter((n) => n.metadata?.labels?.agentpool === p.name).length >= p.nodes);
    if (ready) return;
    await sleep(intervalMs);
  }
}
