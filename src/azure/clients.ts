import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ComputeManagementClient } from "@azure/arm-compute";
import { ContainerRegistryManagementClient } from "@azure/arm-containerregistry";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ManagedServiceIdentityClient } from "@azure/arm-msi";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { HttpClient, PipelineOptions } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import type { AppConfig } from "../config.js";
import { retryAfterPolicy } from "./retryAfter.js";
import { throttlingPolicy } from "./throttling.js";
import { writeGatePolicy } from "./writeGate.js";

/** One ARM client per resource provider the activities write to, all bound to one subscription. */
export interface AzureClients {
  resources: ResourceManagementClient;
  network: NetworkManagementClient;
  containerRegistry: ContainerRegistryManagementClient;
  compute: ComputeManagementClient;
  containerService: ContainerServiceClient;
  authorization: AuthorizationManagementClient;
  msi: ManagedServiceIdentityClient;
  /** The app's identity the clients sign in with, for activities that need its own token (its object id; Entra tokens to API servers). */
  credential: TokenCredential;
  /** The ARM token scopes the clients ask for (`{audience}/.default`). */
  armScopes: string[];
}

/**
 * Transport settings the pipeline takes as-is: a CA to trust (the sandbox's, in-process), retry pacing, and
 * the HttpClient itself (tests that capture what goes on the wire without a socket).
 */
export type ClientPipelineOptions = Pick<PipelineOptions, "tlsOptions" | "retryOptions"> & { httpClient?: HttpClient };

/**
 * Builds the clients for `subscriptionId` against the configured ARM endpoint. The token scope is pinned
 * to the ARM audience because three of the SDKs (containerregistry, authorization, msi) otherwise derive it
 * from the endpoint (docs/specs/arm.md §0.7).
 */
export function createAzureClients(
  arm: AppConfig["arm"],
  credential: TokenCredential,
  subscriptionId = arm.defaultSubscriptionId,
  pipeline: ClientPipelineOptions = {},
): AzureClients {
  const scopes = [`${arm.audience}/.default`];
  const additionalPolicies = [
    { policy: retryAfterPolicy, position: "perCall" as const },
    { policy: throttlingPolicy, position: "perRetry" as const },
    { policy: writeGatePolicy, position: "perCall" as const },
  ];
  const modular = { ...pipeline, additionalPolicies, endpoint: arm.endpoint, credentials: { scopes } };
  const legacy = { ...pipeline, additionalPolicies, endpoint: arm.endpoint, credentialScopes: scopes };
  return {
    resources: new ResourceManagementClient(credential, subscriptionId, modular),
    network: new NetworkManagementClient(credential, subscriptionId, modular),
    containerRegistry: new ContainerRegistryManagementClient(credential, subscriptionId, modular),
    compute: new ComputeManagementClient(credential, subscriptionId, modular),
    containerService: new ContainerServiceClient(credential, subscriptionId, modular),
    authorization: new AuthorizationManagementClient(credential, subscriptionId, legacy),
    msi: new ManagedServiceIdentityClient(credential, subscriptionId, legacy),
    credential,
    armScopes: scopes,
  };
}
