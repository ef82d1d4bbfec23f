import type { Frontend } from "../http/pipeline.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";

const RG_TYPE = "Microsoft.Resources/resourceGroups";

/** `GET /subscriptions` (the default one plus every one used), `GET /subscriptions/{id}` and `GET /tenants`. */
export function subscriptionRoutes(services: ArmServices): Route[] {
  return [
    {
      // Azure CLI–style clients list tenants at login before subscriptions.
      methods: ["GET"],
      pattern: "/tenants",
      resourceType: "Microsoft.Resources/tenants",
      apiVersions: apiVersions["Microsoft.Resources/tenants"],
      handler: () => ({ status: 200, body: { value: [tenantBody(services.identity.tenantId)] } }),
    },
    {
      methods: ["GET"],
      pattern: "/subscriptions",
      resourceType: "Microsoft.Resources/subscriptions",
      apiVersions: apiVersions["Microsoft.Resources/subscriptions"],
      handler: () => ({
        status: 200,
        body: { value: subscriptions(services), count: { type: "Total", value: subscriptions(services).length } },
      }),
    },
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}",
      resourceType: "Microsoft.Resources/subscriptions",
      apiVersions: apiVersions["Microsoft.Resources/subscriptions"],
      handler: (ctx) => ({ status: 200, body: subscriptionBody(services, ctx.params.sub ?? "") }),
    },
  ];
}

/** `GET /metadata/endpoints`: cloud endpoints as ARM serves them (unauthenticated). */
export function metadataEndpoints(): Frontend {
  return {
    owns: (lowerPath) => lowerPath === "/metadata/endpoints",
    handle: (ctx) => {
      const arm = `${ctx.baseUrl}/`;
      const cloud = {
        portal: "https://portal.azure.com",
        authentication: {
          loginEndpoint: "https://login.microsoftonline.com",
          audiences: ["https://management.core.windows.net/", "https://management.azure.com/"],
          tenant: "common",
          identityProvider: "AAD",
        },
        media: "https://rest.media.azure.net",
        graphAudience: "https://graph.windows.net/",
        graph: "https://graph.windows.net/",
        name: "AzureCloud",
        suffixes: {
          azureDataLakeStoreFileSystem: "azuredatalakestore.net",
          acrLoginServer: "azurecr.io",
          sqlServerHostname: "database.windows.net",
          keyVaultDns: "vault.azure.net",
          storage: "core.windows.net",
        },
        batch: "https://batch.core.windows.net/",
        resourceManager: arm,
        vmImageAliasDoc:
          "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/quickstart-templates/aliases.json",
        sqlManagement: "https://management.core.windows.net:8443/",
        microsoftGraphResourceId: "https://graph.microsoft.com/",
      };
      const version = ctx.query.get("api-version") ?? "2019-05-01";
      if (version >= "2022-09-01") return { status: 200, body: [cloud] };
      return {
        status: 200,
        body: {
          galleryEndpoint: "",
          graphEndpoint: cloud.graph,
          portalEndpoint: cloud.portal,
          graphAudience: cloud.graphAudience,
          authentication: {
            loginEndpoint: cloud.authentication.loginEndpoint,
            audiences: cloud.authentication.audiences,
            tenant: "common",
            identityProvider: "AAD",
          },
          media: cloud.media,
          name: cloud.name,
          resourceManager: arm,
          suffixes: cloud.suffixes,
          batch: cloud.batch,
          sqlManagement: cloud.sqlManagement,
          vmImageAliasDoc: cloud.vmImageAliasDoc,
        },
      };
    },
  };
}

function tenantBody(tenantId: string): Record<string, unknown> {
  return {
    id: `/tenants/${tenantId}`,
    tenantId,
    tenantCategory: "Home",
    countryCode: "US",
    displayName: "Sandbox tenant",
    domains: ["sandbox.onmicrosoft.com"],
    defaultDomain: "sandbox.onmicrosoft.com",
    tenantType: "AAD",
  };
}

function subscriptionBody(services: ArmServices, subscriptionId: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId,
    tenantId: services.identity.tenantId,
    displayName:
      subscriptionId === services.identity.defaultSubscriptionId
        ? "Sandbox subscription"
        : `Sandbox subscription ${subscriptionId.slice(0, 8)}`,
    state: "Enabled",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

function subscriptions(services: ArmServices): Record<string, unknown>[] {
  const ids = new Map<string, string>([
    [services.identity.defaultSubscriptionId.toLowerCase(), services.identity.defaultSubscriptionId],
  ]);
  for (const r of services.store.listResources({ type: RG_TYPE }))
    ids.set(r.subscriptionId.toLowerCase(), r.subscriptionId);
  return [...ids.values()].map((id) => subscriptionBody(services, id));
}
