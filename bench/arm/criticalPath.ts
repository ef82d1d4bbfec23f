// Benchmark of the simulated ARM: start-up time, write throughput until throttled, and one
// provisioning flow (RG → VNet ∥ ACR ∥ disk → cluster → nodes Ready) under the `realistic`
// profile scaled down, compared with the ideal critical path the seed predicts.
// Usage: npx tsx bench/arm/criticalPath.ts [--time-scale 0.01] [--seed 1]
// Prints a one-line summary, then the JSON result.
import { request } from "node:https";
import { parseArgs } from "node:util";
import { ComputeManagementClient } from "@azure/arm-compute";
import { ContainerRegistryManagementClient } from "@azure/arm-containerregistry";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import { parse } from "yaml";
import {
  type ArmSandbox,
  durationMs,
  sandboxClientOptions,
  sandboxCredential,
  startArmSandbox,
} from "../../sandbox/arm/index.js";

const { values } = parseArgs({
  options: { "time-scale": { type: "string", default: "0.01" }, seed: { type: "string", default: "1" } },
});
const timeScale = Number(values["time-scale"]);
const seed = Number(values.seed);
const poll = { updateIntervalInMs: 25 };

function getJson(
  url: string,
  ca: string,
  token: string,
): Promise<{ status: number; body: { items?: { status?: { conditions?: { type: string; status: string }[] } }[] } }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || "{}") }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function writeThroughput(arm: ArmSandbox): Promise<{ writes: number; ms: number; perSecond: number }> {
  const client = new ResourceManagementClient(sandboxCredential(), arm.subscriptionId, {
    ...sandboxClientOptions(arm),
    retryOptions: { maxRetries: 0 },
  });
  const started = performance.now();
  let writes = 0;
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.resourceGroups.createOrUpdate(`tp-${batch}-${i}`, { location: "eastus" }).then(() => writes++),
      ),
    );
  }
  const ms = performance.now() - started;
  return { writes, ms: Math.round(ms), perSecond: Math.round((writes / ms) * 1000) };
}

async function provision(arm: ArmSandbox): Promise<{ wallMs: number; idealMs: number; steps: Record<string, number> }> {
  const options = { ...sandboxClientOptions(arm), retryOptions: { maxRetries: 3, retryDelayInMs: 10 } };
  const credential = sandboxCredential();
  const sub = arm.subscriptionId;
  const resources = new ResourceManagementClient(credential, sub, options);
  const network = new NetworkManagementClient(credential, sub, options);
  const registry = new ContainerRegistryManagementClient(credential, sub, options);
  const compute = new ComputeManagementClient(credential, sub, options);
  const aks = new ContainerServiceClient(credential, sub, options);
  const rg = "bench";
  const rgId = `/subscriptions/${sub}/resourceGroups/${rg}`;
  const clusterId = `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ContainerService/managedClusters/c1`;
  const inputs = { profile: "realistic" as const, timeScale, seed };
  const key = (id: string, kind: string) => `${id.toLowerCase()}|${kind}`;
  const vnetId = `${rgId}/providers/Microsoft.Network/virtualNetworks/vnet1`;
  const acrId = `${rgId}/providers/Microsoft.ContainerRegistry/registries/benchacr${seed}`;
  const diskId = `${rgId}/providers/Microsoft.Compute/disks/data1`;
  const ideal = {
    vnet: durationMs("virtualNetwork", key(vnetId, "provision"), inputs),
    registry: durationMs("registry", key(acrId, "provision"), inputs),
    disk: durationMs("disk", key(diskId, "provision"), inputs),
    cluster: durationMs("clusterCreate", key(clusterId, "clusterPut"), inputs),
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
    registry.registries
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
  await aks.managedClusters.createOrUpdate(
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
  const creds = await aks.managedClusters.listClusterUserCredentials(rg, "c1");
  const kubeconfig = parse(Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString());
  const server: string = kubeconfig.clusters[0].cluster.server;
  const token: string = kubeconfig.users[0].user.token;
  for (;;) {
    const nodes = await getJson(`${server}/api/v1/nodes`, arm.ca, token);
    const ready = (nodes.body.items ?? []).filter((n) =>
      n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
    );
    if (ready.length === 3) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  mark("nodesReady");
  return { wallMs: Math.round(performance.now() - started), idealMs, steps };
}

const startedAt = performance.now();
const arm = await startArmSandbox({ profile: "realistic", timeScale, seed });
const startupMs = Math.round(performance.now() - startedAt);
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
