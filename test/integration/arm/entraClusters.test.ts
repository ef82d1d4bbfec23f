import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { isRestError } from "@azure/core-rest-pipeline";
import { ApiException, CoreV1Api, Health, KubeConfig } from "@kubernetes/client-node";
import { parse } from "yaml";
import { issueToken } from "../../../sandbox/arm/identity/jwt.js";
import { sandboxCredential } from "../../../sandbox/arm/index.js";
import { fastPoll, uniqueName, useSandbox } from "./fixtures.js";

const AKS_SERVER = "6dae42f8-4368-4678-94ff-3960e28e3630";
const ROLE = {
  rbacReader: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
  rbacAdmin: "3498e952-d568-435e-9b2c-8d77e338d7f7",
  clusterUser: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
};
const WORKSPACE =
  "/subscriptions/00000000-0000-4000-8000-00000000a5b1/resourceGroups/rg-monitor/providers/Microsoft.OperationalInsights/workspaces/law-prod";

describe("sandbox/arm Entra ID clusters: production fields, credentials and the Kubernetes API's Entra access", () => {
  const arm = useSandbox();
  afterEach(() => arm.sandbox.control.settings({ identityGroups: [] }));
  const clusters = () => arm.clients.containerService.managedClusters;

  /** A token from the sandbox identity endpoint over the App Service protocol, as ManagedIdentityCredential asks. */
  async function identityToken(resource: string): Promise<string> {
    const url = new URL(arm.sandbox.env.IDENTITY_ENDPOINT ?? "");
    url.searchParams.set("resource", resource);
    url.searchParams.set("api-version", "2019-08-01");
    const res = await fetch(url, { headers: { "X-IDENTITY-HEADER": arm.sandbox.env.IDENTITY_HEADER ?? "" } });
    assert.equal(res.status, 200);
    return ((await res.json()) as { access_token: string }).access_token;
  }
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

  async function userKubeconfig(name: string) {
    const creds = await clusters().listClusterUserCredentials(arm.rg, name);
    return Buffer.from(creds.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8");
  }

  /** A client of the cluster's API server (server and CA from its kubeconfig) sending `token`. */
  async function kubeWith(name: string, token: string) {
    const from = new KubeConfig();
    from.loadFromString(await userKubeconfig(name));
    const cluster = from.getCurrentCluster();
    assert.ok(cluster);
    const kc = new KubeConfig();
    kc.loadFromClusterAndUser(
      { name: cluster.name, server: cluster.server, caData: cluster.caData, skipTLSVerify: false },
      { name: "probe", token },
    );
    return kc;
  }
  const statusOf = (kc: KubeConfig) =>
    kc
      .makeApiClient(CoreV1Api)
      .listNode()
      .then(
        (list) => ({ status: 200, nodes: list.items.length, body: "" }),
        (e: unknown) => ({
          status: e instanceof ApiException ? e.code : -1,
          nodes: 0,
          body: String((e as Error).message),
        }),
      );

  const entraCluster = (name: string, aadProfile: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    arm.createCluster(name, { aadProfile: { managed: true, ...aadProfile }, disableLocalAccounts: true, ...extra });

  async function grant(principalId: string, role: string, scope: string) {
    await arm.clients.authorization.roleAssignments.create(scope, randomUUID(), {
      roleDefinitionId: `/subscriptions/${arm.sandbox.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId,
      principalType: "ServicePrincipal",
    });
  }

  it("round-trips aadProfile (tenant defaulted), upgrade channels, add-ons with their identities, monitor and security profiles", async () => {
    const name = uniqueName("e");
    const group = randomUUID();
    const created = await entraCluster(
      name,
      { enableAzureRbac: true, adminGroupObjectIDs: [group] },
      {
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        addonProfiles: {
          omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: WORKSPACE, useAADAuth: "true" } },
          azurepolicy: { enabled: true },
          azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true" } },
        },
        azureMonitorProfile: { metrics: { enabled: true } },
        securityProfile: {
          defender: { logAnalyticsWorkspaceResourceId: WORKSPACE, securityMonitoring: { enabled: true } },
          workloadIdentity: { enabled: true },
          imageCleaner: { enabled: true, intervalHours: 48 },
        },
        oidcIssuerProfile: { enabled: true },
      },
    );
    const got = await clusters().get(arm.rg, name);
    for (const c of [created, got]) {
      const { managed, enableAzureRbac, adminGroupObjectIDs, tenantID } = c.aadProfile ?? {};
      assert.deepEqual(
        { managed, enableAzureRbac, adminGroupObjectIDs, tenantID },
        { managed: true, enableAzureRbac: true, adminGroupObjectIDs: [group], tenantID: arm.sandbox.tenantId },
      );
      assert.equal(c.disableLocalAccounts, true);
      assert.deepEqual(c.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
      assert.equal(c.azureMonitorProfile?.metrics?.enabled, true);
      assert.equal(c.securityProfile?.workloadIdentity?.enabled, true);
      assert.equal(c.securityProfile?.defender?.securityMonitoring?.enabled, true);
      assert.equal(c.securityProfile?.imageCleaner?.enabled, true);
      assert.equal(c.securityProfile?.imageCleaner?.intervalHours, 48);
    }
    const addons = got.addonProfiles ?? {};
    assert.deepEqual(addons.omsagent?.config, { logAnalyticsWorkspaceResourceID: WORKSPACE, useAADAuth: "true" });
    assert.deepEqual(addons.azureKeyvaultSecretsProvider?.config, {
      enableSecretRotation: "true",
      rotationPollInterval: "2m",
    });
    for (const [addon, identityName] of [
      ["omsagent", "omsagent"],
      ["azurepolicy", "azurepolicy"],
      ["azureKeyvaultSecretsProvider", "azurekeyvaultsecretsprovider"],
    ] as const) {
      const identity = addons[addon]?.identity;
      assert.ok(identity?.resourceId?.endsWith(`/userAssignedIdentities/${identityName}-${name}`), addon);
      assert.match(identity?.clientId ?? "", /^[0-9a-f-]{36}$/);
      const msi = await arm.clients.msi.userAssignedIdentities.get(
        String(got.nodeResourceGroup),
        `${identityName}-${name}`,
      );
      assert.equal(msi.principalId, identity?.objectId, `${addon}'s identity exists in the node resource group`);
    }
    // An update that leaves the add-ons out keeps them and their identities.
    const updated = await clusters().createOrUpdate(arm.rg, name, { location: "eastus", tags: { a: "b" } }, fastPoll);
    assert.equal(updated.addonProfiles?.omsagent?.identity?.objectId, addons.omsagent?.identity?.objectId);
  });

  const refusals: { rule: string; body: Record<string, unknown>; code: string; message: RegExp }[] = [
    {
      rule: "disableLocalAccounts without managed Entra ID",
      body: { disableLocalAccounts: true },
      code: "BadRequest",
      message: /disableLocalAccounts can only be set on Azure AD integration enabled cluster/,
    },
    {
      rule: "Azure RBAC without managed Entra ID",
      body: { aadProfile: { enableAzureRbac: true } },
      code: "BadRequest",
      message: /Azure RBAC/,
    },
    {
      rule: "an upgrade channel AKS does not know",
      body: { autoUpgradeProfile: { upgradeChannel: "weekly" } },
      code: "BadRequest",
      message: /Auto Upgrade Channel weekly is invalid/,
    },
    {
      rule: "a node OS upgrade channel AKS does not know",
      body: { autoUpgradeProfile: { nodeOSUpgradeChannel: "Latest" } },
      code: "BadRequest",
      message: /Node OS Upgrade Channel Latest is invalid/,
    },
    {
      rule: "an admin group id that is not a GUID",
      body: { aadProfile: { managed: true, adminGroupObjectIDs: ["platform-admins"] } },
      code: "InvalidParameter",
      message: /adminGroupObjectIDs/,
    },
  ];
  for (const { rule, body, code, message } of refusals) {
    it(`refuses ${rule} with 400 ${code}, creating nothing`, async () => {
      const name = uniqueName("e");
      await assert.rejects(arm.createCluster(name, body), (e) => {
        assert.ok(isRestError(e));
        assert.equal(e.statusCode, 400);
        assert.equal(e.code, code);
        assert.match(e.message, message);
        return true;
      });
      await assert.rejects(clusters().get(arm.rg, name), (e) => isRestError(e) && e.statusCode === 404);
    });
  }

  it("hands out kubelogin's exec kubeconfig as user credentials of a managed-Entra cluster, and refuses admin ones", async () => {
    const name = uniqueName("e");
    await entraCluster(name, { enableAzureRbac: true });
    const yaml = await userKubeconfig(name);
    const config = parse(yaml) as { users: { user: Record<string, unknown> }[] };
    const user = config.users[0]?.user as { exec?: Record<string, unknown>; token?: string };
    assert.equal(user.token, undefined, "no static token");
    assert.equal(user.exec?.command, "kubelogin");
    assert.equal(user.exec?.apiVersion, "client.authentication.k8s.io/v1beta1");
    assert.equal(user.exec?.provideClusterInfo, false);
    assert.deepEqual(user.exec?.args, [
      "get-token",
      "--environment",
      "AzurePublicCloud",
      "--server-id",
      AKS_SERVER,
      "--client-id",
      "80faf920-1908-4b52-b5ef-a8e7bedfc67a",
      "--tenant-id",
      arm.sandbox.tenantId,
      "--login",
      "devicecode",
    ]);
    await assert.rejects(
      clusters().listClusterAdminCredentials(arm.rg, name),
      (e) => isRestError(e) && e.statusCode === 400 && e.code === "BadRequest",
    );
  });

  it("with Azure RBAC: 403 without a role, 403 with RBAC Reader (no nodes/read), 200 with RBAC Admin on the group", async () => {
    const name = uniqueName("e");
    const cluster = await entraCluster(name, { enableAzureRbac: true });
    const token = await identityToken(AKS_SERVER);
    const oid = String(claimsOf(token).oid);
    const kc = await kubeWith(name, token);
    assert.equal(await new Health(kc).readyz({ timeout: 5000 }), true, "/readyz is open to any authenticated caller");
    const none = await statusOf(kc);
    assert.equal(none.status, 403);
    assert.match(String(none.body), /User does not have access to the resource in Azure/);
    await grant(oid, ROLE.clusterUser, String(cluster.id));
    await grant(oid, ROLE.rbacReader, String(cluster.id));
    assert.equal((await statusOf(kc)).status, 403, "Cluster User and RBAC Reader grant no nodes/read");
    await grant(oid, ROLE.rbacAdmin, `/subscriptions/${arm.sandbox.subscriptionId}/resourceGroups/${arm.rg}`);
    const allowed = await statusOf(kc);
    assert.equal(allowed.status, 200);
    assert.ok(allowed.nodes >= 1);
  });

  it("without Azure RBAC: only a token whose groups claim names an admin group may list nodes", async () => {
    const name = uniqueName("e");
    const admins = randomUUID();
    await entraCluster(name, { adminGroupObjectIDs: [admins] });
    assert.equal((await statusOf(await kubeWith(name, await identityToken(AKS_SERVER)))).status, 403);
    await arm.sandbox.control.settings({ identityGroups: [randomUUID(), admins] });
    const token = await identityToken(AKS_SERVER);
    assert.deepEqual((claimsOf(token).groups as string[]).slice(1), [admins]);
    assert.equal((await statusOf(await kubeWith(name, token))).status, 200);
  });

  it("refuses with 401 a token for another audience, one not signed by the sandbox, a tampered one and an expired one", async () => {
    const name = uniqueName("e");
    await entraCluster(name, { enableAzureRbac: true });
    const good = await identityToken(AKS_SERVER);
    const [header, , signature] = good.split(".");
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(good), oid: randomUUID() })).toString("base64url")}.${signature}`;
    const forged = (await sandboxCredential().getToken(`${AKS_SERVER}/.default`))?.token ?? "";
    const key = readFileSync(join(arm.sandbox.stateDir, "sandbox-key.pem"), "utf8");
    const expired = issueToken(
      { aud: AKS_SERVER, tid: arm.sandbox.tenantId, oid: randomUUID(), appid: randomUUID(), expiresOnSeconds: 1 },
      key,
    );
    const cases = {
      otherAudience: await identityToken("https://management.azure.com"),
      forged,
      tampered,
      expired,
    };
    for (const [what, token] of Object.entries(cases)) {
      const kc = await kubeWith(name, token);
      assert.equal((await statusOf(kc)).status, 401, what);
      assert.equal(await new Health(kc).readyz({ timeout: 5000 }), false, `${what}: not even /readyz`);
    }
  });

  it("keeps static tokens for non-Entra clusters, refuses them once local accounts are disabled", async () => {
    const name = uniqueName("e");
    await arm.createCluster(name, { aadProfile: { managed: true, enableAzureRbac: true } });
    const admin = await clusters().listClusterAdminCredentials(arm.rg, name);
    const kc = new KubeConfig();
    kc.loadFromString(Buffer.from(admin.kubeconfigs?.[0]?.value ?? new Uint8Array()).toString("utf8"));
    assert.equal((await statusOf(kc)).status, 200, "local admin account while local accounts are enabled");
    await clusters().createOrUpdate(arm.rg, name, { location: "eastus", disableLocalAccounts: true }, fastPoll);
    assert.equal((await statusOf(kc)).status, 401, "the same static token once they are disabled");
  });
});
