import { ArmError } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";

const LOCATIONS = ["East US", "East US 2", "West US 2", "West Europe", "North Europe"];

/** The resource providers the sandbox implements, with their types and accepted api-versions. */
const PROVIDERS: Record<string, { types: string[]; versions: readonly string[] }> = {
  "Microsoft.Resources": { types: ["resourceGroups", "subscriptions", "providers"], versions: apiVersions.resources },
  "Microsoft.Network": {
    types: ["virtualNetworks", "virtualNetworks/subnets", "locations/operations", "locations/operationResults"],
    versions: apiVersions.network,
  },
  "Microsoft.ContainerRegistry": {
    types: ["registries", "registries/replications", "checkNameAvailability"],
    versions: apiVersions.containerRegistry,
  },
  "Microsoft.Compute": {
    types: ["disks", "locations/DiskOperations", "locations/usages", "skus"],
    versions: apiVersions.compute,
  },
  "Microsoft.ContainerService": {
    types: [
      "managedClusters",
      "managedClusters/agentPools",
      "managedClusters/maintenanceConfigurations",
      "locations/kubernetesVersions",
      "locations/operations",
      "locations/operationresults",
    ],
    versions: apiVersions.containerService,
  },
  "Microsoft.Authorization": { types: ["roleAssignments", "roleDefinitions"], versions: apiVersions.authorization },
  "Microsoft.ManagedIdentity": { types: ["userAssignedIdentities"], versions: apiVersions.managedIdentity },
};

function providerBody(subscriptionId: string, namespace: string): Record<string, unknown> {
  const entry = Object.entries(PROVIDERS).find(([ns]) => ns.toLowerCase() === namespace.toLowerCase());
  if (!entry) throw new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`);
  const [ns, { types, versions }] = entry;
  return {
    id: `/subscriptions/${subscriptionId}/providers/${ns}`,
    namespace: ns,
    registrationState: "Registered",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: types.map((resourceType) => ({
      resourceType,
      locations: LOCATIONS,
      apiVersions: [...versions].reverse(),
      capabilities: "None",
    })),
  };
}

/**
 * Resource-provider registration as Terraform and the Azure CLI check it at start-up: every
 * provider the sandbox implements is `Registered`, and `register` is an idempotent no-op.
 */
export function resourceProviderRoutes(): Route[] {
  const type = "Microsoft.Resources/providers";
  const one = (ctx: RequestContext) => ({
    status: 200,
    body: providerBody(ctx.params.sub ?? "", ctx.params.namespace ?? ""),
  });
  return [
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}/providers",
      resourceType: type,
      apiVersions: apiVersions.resources,
      handler: (ctx) => ({
        status: 200,
        body: { value: Object.keys(PROVIDERS).map((ns) => providerBody(ctx.params.sub ?? "", ns)) },
      }),
    },
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}/providers/{namespace}",
      resourceType: type,
      apiVersions: apiVersions.resources,
      handler: one,
    },
    {
      methods: ["POST"],
      pattern: "/subscriptions/{sub}/providers/{namespace}/register",
      resourceType: type,
      apiVersions: apiVersions.resources,
      handler: one,
    },
  ];
}
