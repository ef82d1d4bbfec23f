import assert from "node:assert/strict";
import { Agent } from "node:https";
import { after, before, describe, it } from "node:test";
import { type ArmResourceType, apiVersions } from "../../../sandbox/arm/policies/apiVersions.js";
import { rawRequest, uniqueName, useSandbox } from "./fixtures.js";
import { clientDefaultVersion, hlcVersion, modularVersions } from "./sdkApiVersions.js";

const AUTH = "@azure/arm-authorization";
const AUTH_FILE = "dist/index.js";

/** Every installed SDK's api-versions, with the resource type each is sent for. */
function sdkVersions(): [ArmResourceType, string][] {
  const of = (type: ArmResourceType, versions: string[]) => versions.map((v): [ArmResourceType, string] => [type, v]);
  const aks = "@azure/arm-containerservice";
  return [
    ...of("Microsoft.ContainerService/managedClusters", modularVersions(aks, "managedClusters")),
    ...of("Microsoft.ContainerService/managedClusters/agentPools", modularVersions(aks, "agentPools")),
    ...of(
      "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
      modularVersions(aks, "maintenanceConfigurations"),
    ),
    ...of("Microsoft.Network/virtualNetworks", modularVersions("@azure/arm-network", "virtualNetworks")),
    ...of("Microsoft.Network/virtualNetworks/subnets", modularVersions("@azure/arm-network", "subnets")),
    ...of("Microsoft.ContainerRegistry/registries", modularVersions("@azure/arm-containerregistry", "registries")),
    ...of(
      "Microsoft.ContainerRegistry/registries/replications",
      modularVersions("@azure/arm-containerregistry", "replications"),
    ),
    ...of("Microsoft.Compute/disks", modularVersions("@azure/arm-compute", "disks")),
    ...of("Microsoft.Compute/locations/usages", modularVersions("@azure/arm-compute", "usage")),
    ...of("Microsoft.Compute/skus", modularVersions("@azure/arm-compute", "resourceSkus")),
    ...of("Microsoft.Resources/resourceGroups", modularVersions("@azure/arm-resources", "resourceGroups")),
    ...of("Microsoft.Resources/providers", modularVersions("@azure/arm-resources", "providers")),
    ...of("Microsoft.Authorization/roleAssignments", [
      hlcVersion(AUTH, AUTH_FILE, "/roleAssignments/\\{roleAssignmentName\\}"),
    ]),
    ...of("Microsoft.Authorization/roleDefinitions", [
      hlcVersion(AUTH, AUTH_FILE, "/roleDefinitions/\\{roleDefinitionId\\}"),
    ]),
    ...of("Microsoft.ManagedIdentity/userAssignedIdentities", [
      clientDefaultVersion("@azure/arm-msi", "dist/commonjs/managedServiceIdentityClient.js"),
    ]),
  ];
}

describe("sandbox/arm api-versions per resource type", () => {
  const arm = useSandbox();
  const sub = () => arm.sandbox.subscriptionId;
  const rgPath = () => `/subscriptions/${sub()}/resourcegroups/${arm.rg}`;
  const aks = () => `${rgPath()}/providers/Microsoft.ContainerService/managedClusters`;
  const acr = () => `${rgPath()}/providers/Microsoft.ContainerRegistry/registries`;
  const auth = () => `/subscriptions/${sub()}/providers/Microsoft.Authorization`;

  /** One request per served type; any answer but an api-version error means the version was accepted. */
  const probes: Partial<Record<ArmResourceType, () => { method?: string; path: string; body?: unknown }>> = {
    "Microsoft.Resources/subscriptions": () => ({ path: "/subscriptions" }),
    "Microsoft.Resources/tenants": () => ({ path: "/tenants" }),
    "Microsoft.Resources/providers": () => ({ path: `/subscriptions/${sub()}/providers/Microsoft.Compute` }),
    "Microsoft.Resources/resourceGroups": () => ({ path: rgPath() }),
    "Microsoft.Resources/resources": () => ({ path: `${rgPath()}/resources` }),
    "Microsoft.Network/virtualNetworks": () => ({ path: `${rgPath()}/providers/Microsoft.Network/virtualNetworks` }),
    "Microsoft.Network/virtualNetworks/subnets": () => ({
      path: `${rgPath()}/providers/Microsoft.Network/virtualNetworks/v1/subnets`,
    }),
    "Microsoft.ContainerRegistry/registries": () => ({ path: acr() }),
    "Microsoft.ContainerRegistry/registries/replications": () => ({ path: `${acr()}/r1/replications` }),
    "Microsoft.ContainerRegistry/checkNameAvailability": () => ({
      method: "POST",
      path: `/subscriptions/${sub()}/providers/Microsoft.ContainerRegistry/checkNameAvailability`,
      body: { name: uniqueName("acr"), type: "Microsoft.ContainerRegistry/registries" },
    }),
    "Microsoft.Compute/disks": () => ({ path: `${rgPath()}/providers/Microsoft.Compute/disks` }),
    "Microsoft.ContainerService/managedClusters": () => ({ path: aks() }),
    "Microsoft.ContainerService/managedClusters/agentPools": () => ({ path: `${aks()}/c1/agentPools` }),
    "Microsoft.ContainerService/managedClusters/upgradeProfiles": () => ({
      path: `${aks()}/c1/upgradeProfiles/default`,
    }),
    "Microsoft.ContainerService/locations/kubernetesVersions": () => ({
      path: `/subscriptions/${sub()}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions`,
    }),
    "Microsoft.Authorization/roleAssignments": () => ({ path: `${auth()}/roleAssignments` }),
    "Microsoft.Authorization/roleDefinitions": () => ({ path: `${auth()}/roleDefinitions` }),
    "Microsoft.ManagedIdentity/userAssignedIdentities": () => ({
      path: `${rgPath()}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`,
    }),
  };

  async function send(type: ArmResourceType, version: string | undefined) {
    const probe = probes[type]?.();
    assert.ok(probe, `no probe for ${type}`);
    const query = version === undefined ? "" : `?api-version=${encodeURIComponent(version)}`;
    return rawRequest(arm.sandbox, probe.method ?? "GET", `${probe.path}${query}`, { body: probe.body, agent });
  }

  const VERSION_ERRORS = ["MissingApiVersionParameter", "InvalidApiVersionParameter", "NoRegisteredProviderFound"];
  async function assertAccepted(type: ArmResourceType, version: string) {
    const res = await send(type, version);
    const code: string | undefined = res.body?.error?.code;
    assert.ok(
      !VERSION_ERRORS.includes(code ?? ""),
      `${type} ${version}: ${res.status} ${code} ${res.body?.error?.message}`,
    );
  }

  // Hundreds of reads in a row: throttling is tested elsewhere, and one kept-alive connection saves a
  // TLS handshake per request.
  let agent: Agent;
  before(async () => {
    agent = new Agent({ keepAlive: true, maxSockets: 1, ca: arm.sandbox.ca });
    await arm.sandbox.control.throttle({ enabled: false });
  });
  after(() => agent.destroy());

  it("has a well-formed, sorted, duplicate-free list for every type", () => {
    for (const [type, versions] of Object.entries(apiVersions)) {
      assert.ok(versions.length > 0, type);
      assert.deepEqual([...versions], [...new Set(versions)].sort(), type);
      for (const v of versions) assert.match(v, /^\d{4}-\d{2}-\d{2}(-preview)?$/, `${type} ${v}`);
    }
  });

  it("lists every api-version the installed SDKs send, and accepts each on the wire", async () => {
    const sent = sdkVersions();
    assert.ok(sent.length >= 15);
    for (const [type, version] of sent) {
      assert.ok(apiVersions[type].includes(version), `${type} lacks the SDK's ${version}`);
      if (probes[type]) await assertAccepted(type, version);
    }
  });

  it("accepts every version of every served type's list", async () => {
    for (const type of Object.keys(probes) as ArmResourceType[]) {
      for (const version of apiVersions[type]) await assertAccepted(type, version);
    }
  });

  it("answers a Python-based client's GET /subscriptions?api-version=2019-11-01 with 200", async () => {
    const res = await rawRequest(arm.sandbox, "GET", "/subscriptions?api-version=2019-11-01");
    assert.equal(res.status, 200);
    assert.ok(res.body.value.some((s: { subscriptionId: string }) => s.subscriptionId === sub()));
    const tenants = await rawRequest(arm.sandbox, "GET", "/tenants?api-version=2022-12-01");
    assert.equal(tenants.body.value[0].tenantId, arm.sandbox.tenantId);
  });

  it("refuses a made-up version with NoRegisteredProviderFound, listing that type's versions", async () => {
    const res = await send("Microsoft.Network/virtualNetworks/subnets", "2099-01-01");
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "NoRegisteredProviderFound");
    assert.match(res.body.error.message, /API version '2099-01-01' for type 'virtualNetworks\/subnets'/);
    assert.match(res.body.error.message, /The supported api-versions are '2015-[^']*, 2026-01-01'/);
    // A real version of the provider that the type never had is refused too.
    const old = await send("Microsoft.ContainerService/locations/kubernetesVersions", "2022-01-01");
    assert.equal(old.body.error.code, "NoRegisteredProviderFound");
  });

  it("refuses a missing or malformed api-version with ARM's codes", async () => {
    const missing = await send("Microsoft.Resources/resourceGroups", undefined);
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, "MissingApiVersionParameter");
    for (const bad of ["latest", "2019-13-01", "2019-11-01x", "20191101"]) {
      const res = await send("Microsoft.Resources/subscriptions", bad);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.error.code, "InvalidApiVersionParameter", bad);
      assert.match(res.body.error.message, new RegExp(`The api-version '${bad}' is invalid`));
    }
    await assertAccepted("Microsoft.ContainerService/managedClusters", "2024-06-02-PREVIEW");
  });

  it("reports each type's own versions in the provider registration, newest first", async () => {
    const aksProvider = await arm.clients.resources.providers.get("Microsoft.ContainerService");
    const versionsOf = (t: string) => aksProvider.resourceTypes?.find((r) => r.resourceType === t)?.apiVersions ?? [];
    assert.equal(versionsOf("managedClusters").at(-1), "2017-08-31");
    assert.equal(versionsOf("managedClusters")[0], apiVersions["Microsoft.ContainerService/managedClusters"].at(-1));
    assert.equal(versionsOf("locations/kubernetesVersions").at(-1), "2023-03-01");
  });
});
