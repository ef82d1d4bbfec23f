// Seed data, sandbox only: what the examples reference but do not create, put into the simulated ARM by `npm start`
// so each example provisions on a fresh start. In Azure these exist before any request (a network team's hub).
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import { isRestError } from "@azure/core-rest-pipeline";
import { subnetId } from "../../src/request/resourceIds.js";
import { sandboxClientOptions, sandboxCredential } from "../arm/index.js";

/** The tag every seeded resource carries, naming the example it is for (never a request id: no run owns it). */
export const SEED_TAG = "sandbox-seed";

/** The hub network examples/prod-cluster.json joins (`network.kind: "existing"`, its `subnetId` and `addressPrefixes`). */
export const HUB_NETWORK = {
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  resourceGroup: "rg-network-prod",
  location: "westeurope",
  vnet: "hub-spoke-prod",
  addressPrefixes: ["10.20.0.0/16"],
  subnet: "aks-payments",
  subnetPrefix: "10.20.0.0/20",
  example: "examples/prod-cluster.json",
} as const;

/** The seeded subnet's resource id, as the example spells it. */
export const HUB_SUBNET_ID = subnetId(
  HUB_NETWORK.subscriptionId,
  HUB_NETWORK.resourceGroup,
  HUB_NETWORK.vnet,
  HUB_NETWORK.subnet,
);

/**
 * Creates the hub network unless its subnet exists (a restart on the same state, or a user's own edit, is left
 * alone) through the real ARM protocol; says whether it was created or found.
 */
export async function seedHubNetwork(arm: { url: string; ca: string }): Promise<"created" | "found"> {
  const credential = sandboxCredential();
  const options = sandboxClientOptions(arm);
  const { subscriptionId, resourceGroup, location, vnet, subnet } = HUB_NETWORK;
  const network = new NetworkManagementClient(credential, subscriptionId, options);
  try {
    await network.subnets.get(resourceGroup, vnet, subnet);
    return "found";
  } catch (error) {
    if (!isRestError(error) || error.statusCode !== 404) throw error;
  }
  const tags = { [SEED_TAG]: HUB_NETWORK.example };
  const resources = new ResourceManagementClient(credential, subscriptionId, options);
  // A group that exists is someone's (or an earlier seed's): used as it is, as the app treats one.
  const group = await resources.resourceGroups.checkExistence(resourceGroup);
  if (!group.body) await resources.resourceGroups.createOrUpdate(resourceGroup, { location, tags });
  await network.virtualNetworks.createOrUpdate(resourceGroup, vnet, {
    location,
    tags,
    addressSpace: { addressPrefixes: [...HUB_NETWORK.addressPrefixes] },
    subnets: [{ name: subnet, addressPrefix: HUB_NETWORK.subnetPrefix }],
  });
  return "created";
}
