import { ArmError } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { type ArmResourceType, apiVersions } from "../policies/apiVersions.js";

const LOCATIONS = ["East US", "East US 2", "West US 2", "West Europe", "North Europe"];

/** The resource types the sandbox serves, grouped into providers by namespace in `GET …/providers`. */
const SERVED: readonly ArmResourceType[] = [
  "Microsoft.Resources/resourceGroups",
  "Microsoft.Resources/subscriptions",
  "Microsoft.Resources/tenants",
  "Microsoft.Resources/providers",
  "Microsoft.Resources/resources",
  "Microsoft.Network/virtualNetworks",
  "Microsoft.Network/virtualNetworks/subnets",
  "Microsoft.Network/locations/operations",
  "Microsoft.Network/locations/operationResults",
  "Microsoft.ContainerRegistry/registries",
  "Microsoft.ContainerRegistry/registries/replications",
  "Microsoft.ContainerRegistry/registries/operationStatuses",
  "Microsoft.ContainerRegistry/checkNameAvailability",
  "Microsoft.Compute/disks",
  "Microsoft.Compute/locations/DiskOperations",
  "Microsoft.Compute/locations/usages",
  "Microsoft.Compute/skus",
  "Microsoft.ContainerService/managedClusters",
  "Microsoft.ContainerService/managedClusters/agentPools",
  "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
  "Microsoft.ContainerService/locations/kubernetesVersions",
  "Microsoft.ContainerService/locations/operations",
  "Microsoft.ContainerService/locations/operationresults",
  "Microsoft.Authorization/roleAssignments",
  "Microsoft.Authorization/roleDefinitions",
  "Microsoft.ManagedIdentity/userAssignedIdentities",
];

const namespaceOf = (type: string) => type.slice(0, type.indexOf("/"));
const NAMESPACES = [...new Set(SERVED.map(namespaceOf))];

function providerBody(subscriptionId: string, namespace: string): Record<string, unknown> {
  const ns = NAMESPACES.find((n) => n.toLowerCase() === namespace.toLowerCase());
  if (!ns) throw new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`);
  return {
    id: `/subscriptions/${subscriptionId}/providers/${ns}`,
    namespace: ns,
    registrationState: "Registered",
    registrationPolicy: "RegistrationRequired",
    resourceTypes: SERVED.filter((type) => namespaceOf(type) === ns).map((type) => ({
      resourceType: type.slice(ns.length + 1),
      locations: LOCATIONS,
      // Newest first, as ARM lists them.
      apiVersions: [...apiVersions[type]].reverse(),
      capabilities: "None",
    })),
  };
}

/**
 * Resource-provider registration as Terraform and the Azure CLI check it at start-up: every
 * provider the sandbox implements is `Registered`, and `register` is an idempotent no-op.
 */
export function resourceProviderRoutes(): Route[] {
  const type = "Microsoft.Resources/providers" as const;
  const one = (ctx: RequestContext) => ({
    status: 200,
    body: providerBody(ctx.params.sub ?? "", ctx.params.namespace ?? ""),
  });
  return [
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}/providers",
      resourceType: type,
      apiVersions: apiVersions[type],
      handler: (ctx) => ({
        status: 200,
        body: { value: NAMESPACES.map((ns) => providerBody(ctx.params.sub ?? "", ns)) },
      }),
    },
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}/providers/{namespace}",
      resourceType: type,
      apiVersions: apiVersions[type],
      handler: one,
    },
    {
      methods: ["POST"],
      pattern: "/subscriptions/{sub}/providers/{namespace}/register",
      resourceType: type,
      apiVersions: apiVersions[type],
      handler: one,
    },
  ];
}
