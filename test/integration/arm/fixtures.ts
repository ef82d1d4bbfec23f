import { type Agent, request as httpsRequest } from "node:https";
import { after, before } from "node:test";
import type { AgentPool } from "@azure/arm-containerservice";
import type { TokenCredential } from "@azure/identity";
import {
  type ArmSandbox,
  type ArmSandboxOptions,
  sandboxClientOptions,
  sandboxCredential,
  startArmSandbox,
} from "../../../sandbox/arm/index.js";
import { type AzureClients, type ClientPipelineOptions, createAzureClients } from "../../../src/azure/clients.js";

/** Fast retries so fault tests stay short; Retry-After still wins for 429. */
const retryOptions = { maxRetries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 50 };

/**
 * The app's own client factory (`src/azure/clients.ts`) pointed at the sandbox over HTTPS, with the
 * sandbox's CA passed in-process and fast retries unless `pipeline` says otherwise.
 */
export function clientsFor(
  sandbox: ArmSandbox,
  credential: TokenCredential = sandboxCredential(),
  pipeline: ClientPipelineOptions = {},
  subscriptionId = sandbox.subscriptionId,
): AzureClients {
  const arm = {
    endpoint: sandbox.url,
    audience: "https://management.azure.com",
    defaultSubscriptionId: subscriptionId,
  };
  return createAzureClients(arm, credential, subscriptionId, {
    tlsOptions: sandboxClientOptions(sandbox).tlsOptions,
    retryOptions,
    ...pipeline,
  });
}

/** Poll fast: the sandbox answers Retry-After: 0, so updateIntervalInMs sets the pace. */
export const fastPoll = { updateIntervalInMs: 5 };

let counter = 0;
/** A unique, valid resource name per test. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}${process.pid.toString(36)}${counter}`;
}

/** A sandbox and its clients for one describe block; the fields are set by the block's `before` hook. */
export interface SandboxFixture {
  sandbox: ArmSandbox;
  /** The app's clients (`clientsFor`) with the sandbox's default credential. */
  clients: AzureClients;
  /** The block's resource group in eastus; empty when `useSandbox` was told not to create one. */
  rg: string;
  /** Creates a resource group with a unique name (eastus unless told otherwise) and returns its name. */
  newResourceGroup(location?: string): Promise<string>;
  /** Starts creating cluster `name` in `rg` (aCluster with dnsPrefix `name`, plus `overrides`); await it for the result. */
  createCluster(name: string, overrides?: Record<string, unknown>): ClusterPoller;
  /** Starts a PUT of agent pool `pool` on `cluster` in `rg`: one Standard_D2s_v5 User node unless `overrides` say otherwise. */
  putPool(cluster: string, pool: string, overrides?: Partial<AgentPool>): PoolPoller;
}

type ClusterPoller = ReturnType<AzureClients["containerService"]["managedClusters"]["createOrUpdate"]>;
type PoolPoller = ReturnType<AzureClients["containerService"]["agentPools"]["createOrUpdate"]>;

/** Options of `useSandbox`. */
export interface UseSandboxOptions {
  /** Options of the sandbox (instant profile unless overridden). */
  sandbox?: ArmSandboxOptions;
  /** Create the block's resource group `rg` in `before`. Defaults to true. */
  resourceGroup?: boolean;
}

/**
 * Registers `before`/`after` hooks in the calling describe block: a sandbox on an ephemeral port,
 * clients for it and (unless told not to) a resource group; stops the sandbox afterwards.
 */
export function useSandbox(options: UseSandboxOptions = {}): SandboxFixture {
  const fixture: SandboxFixture = {
    sandbox: undefined as unknown as ArmSandbox,
    clients: undefined as unknown as AzureClients,
    rg: "",
    async newResourceGroup(location = "eastus") {
      const name = uniqueName("rg");
      await fixture.clients.resources.resourceGroups.createOrUpdate(name, { location });
      return name;
    },
    createCluster: (name, overrides = {}) =>
      fixture.clients.containerService.managedClusters.createOrUpdate(
        fixture.rg,
        name,
        aCluster({ dnsPrefix: name, ...overrides }),
        fastPoll,
      ),
    putPool: (cluster, pool, overrides = {}) =>
      fixture.clients.containerService.agentPools.createOrUpdate(
        fixture.rg,
        cluster,
        pool,
        { count: 1, vmSize: "Standard_D2s_v5", mode: "User", ...overrides },
        fastPoll,
      ),
  };
  before(async () => {
    // Port 0, instant profile and a temp state dir removed on stop are startArmSandbox's defaults.
    fixture.sandbox = await startArmSandbox(options.sandbox);
    fixture.clients = clientsFor(fixture.sandbox);
    if (options.resourceGroup !== false) fixture.rg = await fixture.newResourceGroup();
  });
  after(() => fixture.sandbox?.stop());
  return fixture;
}

/** Creates VNet `vnet1` with one subnet `aks` in the fixture's resource group; returns the subnet id. */
export async function createAksSubnet(
  arm: SandboxFixture,
  addressSpace: string,
  subnetPrefix: string,
): Promise<string> {
  const vnet = await arm.clients.network.virtualNetworks.createOrUpdate(
    arm.rg,
    "vnet1",
    {
      location: "eastus",
      addressSpace: { addressPrefixes: [addressSpace] },
      subnets: [{ name: "aks", addressPrefix: subnetPrefix }],
    },
    fastPoll,
  );
  return vnet.subnets?.[0]?.id ?? "";
}

/** A minimal valid AKS cluster body (flattened model, as the modular SDK takes it). */
export function aCluster(overrides: Record<string, unknown> = {}) {
  return {
    location: "eastus",
    identity: { type: "SystemAssigned" as const },
    dnsPrefix: "sbx",
    kubernetesVersion: "1.30",
    agentPoolProfiles: [
      {
        name: "system",
        mode: "System" as const,
        count: 1,
        vmSize: "Standard_D2s_v5",
        osType: "Linux" as const,
        type: "VirtualMachineScaleSets" as const,
      },
    ],
    ...overrides,
  };
}

/** A raw HTTPS request (for what no SDK call sends: no auth header, odd paths, control of headers). */
// biome-ignore lint/suspicious/noExplicitAny: the raw helper parses arbitrary JSON bodies for assertions
type AnyJson = any;

export function rawRequest(
  sandbox: ArmSandbox,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: unknown; auth?: boolean; agent?: Agent } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: AnyJson; text: string }> {
  const payload =
    init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const headers: Record<string, string> = {
    ...(init.auth === false ? {} : { authorization: "Bearer raw-test-token" }),
    ...(payload ? { "content-type": "application/json" } : {}),
    ...init.headers,
  };
  const agent = init.agent ?? false;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${sandbox.url}${path}`, { method, headers, ca: sandbox.ca, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}
