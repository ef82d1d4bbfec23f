// Benchmark of the simulated ARM: start-up time, write throughput (200 writes, within the burst), and one
// provisioning flow (RG → VNet ∥ ACR ∥ disk → cluster → nodes Ready) under the `realistic`
// profile scaled down, compared with the ideal critical path the seed predicts.
// Usage: npx tsx bench/arm/criticalPath.ts [--time-scale 0.01] [--seed 1]
// Prints a one-line summary, then the JSON result.
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { PipelineRetryOptions } from "@azure/core-rest-pipeline";
import { CoreV1Api, KubeConfig, type V1Node } from "@kubernetes/client-node";
import {
  type ArmSandbox,
  durationMs,
  operationDurationKey,
  sandboxClientOptions,
  sandboxCredential,
  startArmSandbox,
} from "../../sandbox/arm/index.js";
import { type AzureClients, createAzureClients } from "../../src/azure/clients.js";

const { values } = parseArgs({
  options: { "time-scale": { type: "string", default: "0.01" }, seed: { type: "string", default: "1" } },
});
const timeScale = Number(values["time-scale"]);
const seed = Number(values.seed);
const poll = { updateIntervalInMs: 25 };

/** The app's own clients (`src/azure/clients.ts`), trusting the sandbox certificate in-process. */
function clientsFor(arm: ArmSandbox, retryOptions: PipelineRetryOptions): AzureClients {
  const endpoint = {
    endpoint: arm.url,
    audience: "https://management.azure.com",
    defaultSubscriptionId: arm.subscriptionId,
  };
  return createAzureClients(endpoint, sandboxCredential(), arm.subscriptionId, {
    tlsOptions: sandboxClientOptions(arm).tlsOptions,
    retryOptions,
  });
}

const isReady = (node: V1Node) => node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");

async function writeThroughput(arm: ArmSandbox): Promise<{ writes: number; ms: number; perSecond: number }> {
  const { resources } = clientsFor(arm, { maxRetries: 0 });
  const started = performance.now();
  let writes = 0;
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        resources.resourceGroups.createOrUpdate(`tp-${batch}-${i}`, { location: "eastus" }).then(() => writes++),
      ),
    );
  }
  const ms = performance.now() - started;
  return { writes, ms: Math.round(ms), perSecond: Math.round((writes / ms) * 1000) };
}

async function provision(arm: ArmSandbox): Promise<{ wallMs: number; idealMs: number; steps: Record<string, number> }> {
  const { resources, network, containerRegistry, compute, containerService } = clientsFor(arm, {
    maxRetries: 3,
    retryDelayInMs: 10,
  });
  const sub = arm.subscriptionId;
  const rg = "bench";
  const rgId = `/subscriptions/${sub}/resourceGroups/${rg}`;
  const clusterId = `${rgId}/providers/Microsoft.ContainerService/managedClusters/c1`;
  const inputs = { profile: "realistic" as const, timeScale, seed };
  const vnetId = `${rgId}/providers/Microsoft.Network/virtualNetworks/vnet1`;
  const acrId = `${rgId}/providers/Microsoft.ContainerRegistry/registries/benchacr${seed}`;
  const diskId = `${rgId}/providers/Microsoft.Compute/disks/data1`;
  const ideal = {
    vnet: durationMs("virtualNetwork", operationDurationKey(vnetId, "provision"), inputs),
    registry: durationMs("registry", operationDurationKey(acrId, "provision"), inputs),
    disk: durationMs("disk", operationDurationKey(diskId, "provision"), inputs),
    cluster: durationMs("clusterCreate", operationDurationKey(clusterId, "clusterPut"), inputs),
    // Nodes turn Ready `nodeReady` after their pool succeeds, keyed by the pool's id.
    nodesReady: Math.max(
      ...["system", "user"].map((p) => durationMs("nodeReady", `${clusterId}/agentPools/${p}`, inputs)),
    ),
  };
  const idealMs = Math.max(ideal.vnet, ideal.registry, ideal.disk) + ideal.cluster + ideal.nodesReady;
  const steps: Record<string, number> = {};
  const started = performance.now();
  const mark = (name: string) => {
    steps[name] = Math.round(performance.now() - started);
  };
  await resources.resourceGroups.createOrUpdate(rg, { location: "eastus" });
  const [vnet] = await Promise.all([
    network.virtualNetworks
      .createOrUpdate(
        rg,
        "vnet1",
        {
          location: "eastus",
          addressSpace: { addressPrefixes: ["10.224.0.0/12"] },
          subnets: [{ name: "aks", addressPrefix: "10.224.0.0/16" }],
        },
        poll,
      )
      .then((v) => {
        mark("vnet");
        return v;
      }),
    containerRegistry.registries
      .create(rg, `benchacr${seed}`, { location: "eastus", sku: { name: "Standard" } }, poll)
      .then(() => mark("registry")),
    compute.disks
      .createOrUpdate(
        rg,
        "data1",
        { location: "eastus", creationData: { createOption: "Empty" }, diskSizeGB: 32 },
        poll,
      )
      .then(() => mark("disk")),
  ]);
  const subnetId = vnet.subnets?.[0]?.id ?? "";
  await containerService.managedClusters.createOrUpdate(
    rg,
    "c1",
    {
      location: "eastus",
      identity: { type: "SystemAssigned" },
      dnsPrefix: "c1",
      kubernetesVersion: "1.30",
      agentPoolProfiles: [
        { name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5", vnetSubnetID: subnetId },
        { name: "user", mode: "User", count: 2, vmSize: "Standard_D4s_v5", vnetSubnetID: subnetId },
      ],
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: "192.168.0.0/16",
        serviceCidr: "10.2.0.0/16",
        dnsServiceIP: "10.2.0.10",
      },
    },
    poll,
  );
  mark("cluster");
  // Readiness as the provisioner checks it: the kubeconfig from ARM, then nodes through the Kubernetes API.
  const creds = await containerService.managedClusters.listClusterUserCredentials(rg, "c1");
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
  const core = kubeConfig.makeApiClient(CoreV1Api);
  while ((await core.listNode()).items.filter(isReady).length < 3) await sleep(25);
  mark("nodesReady");
  return { wallMs: Math.round(performance.now() - started), idealMs, steps };
}

const arm = await startArmSandbox({ profile: "realistic", timeScale, seed });
const { startupMs } = arm;
try {
  const throughput = await writeThroughput(arm);
  await arm.reset();
  const flow = await provision(arm);
  const overheadPct = Math.round(((flow.wallMs - flow.idealMs) / flow.idealMs) * 1000) / 10;
  const result = {
    benchmark: "sandbox/arm",
    timeScale,
    seed,
    startupMs,
    throughput,
    provisioning: { ...flow, overheadPct },
  };
  process.stdout.write(
    `sandbox/arm: start ${startupMs} ms; ${throughput.writes} writes at ${throughput.perSecond}/s; provisioning ${flow.wallMs} ms vs ideal ${flow.idealMs} ms (+${overheadPct} %)\n`,
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await arm.stop();
}
