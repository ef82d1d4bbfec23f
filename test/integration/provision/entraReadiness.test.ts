import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { before, describe, it } from "node:test";
import { ManagedIdentityCredential, type TokenCredential } from "@azure/identity";
import { readinessActivities } from "../../../src/activities/readiness.js";
import { fastPoll, uniqueName, useSandbox } from "../arm/fixtures.js";

const RBAC_ADMIN = "3498e952-d568-435e-9b2c-8d77e338d7f7";
const RBAC_READER = "7f6c6a51-bcf8-42ba-9220-52d62157d7db";
/** The Entra group the app's identity belongs to (the sandbox's `identityGroups`). */
const APP_GROUP = randomUUID();

describe("readiness on a managed-Entra cluster with local accounts disabled: the app's own Entra token", () => {
  const arm = useSandbox();
  let credential: TokenCredential;
  let appPrincipal: string;
  before(async () => {
    // The app's credential as on App Service: ManagedIdentityCredential on the sandbox identity endpoint (this test
    // file is its own process, so MSAL's per-process choice of source sees these).
    process.env.IDENTITY_ENDPOINT = arm.sandbox.env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = arm.sandbox.env.IDENTITY_HEADER;
    // Before the first token: MSAL caches tokens per process, so the groups claim is what it is from the start.
    await arm.sandbox.control.settings({ identityGroups: [APP_GROUP] });
    credential = new ManagedIdentityCredential();
    const armToken = await credential.getToken("https://management.azure.com/.default");
    appPrincipal = String(
      JSON.parse(Buffer.from(String(armToken?.token).split(".")[1] ?? "", "base64url").toString()).oid,
    );
  });

  const activity = () => readinessActivities(() => ({ ...arm.clients, credential })).checkReadiness;
  const pools = [{ name: "system", nodes: 1, labels: {}, taints: [] }];

  async function entraCluster(aadProfile: Record<string, unknown>) {
    const name = uniqueName("r");
    const cluster = await arm.createCluster(name, {
      aadProfile: { managed: true, ...aadProfile },
      disableLocalAccounts: true,
    });
    const target = {
      kind: "managedCluster" as const,
      resourceId: String(cluster.id),
      subscriptionId: arm.sandbox.subscriptionId,
      resourceGroup: arm.rg,
      name,
    };
    return { cluster, target };
  }

  async function grant(role: string, scope: string) {
    await arm.clients.authorization.roleAssignments.create(scope, randomUUID(), {
      roleDefinitionId: `/subscriptions/${arm.sandbox.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId: appPrincipal,
      principalType: "ServicePrincipal",
    });
  }

  it("reports the missing node-read access (403) until the identity holds a role with nodes/read, then is ready", async () => {
    const { cluster, target } = await entraCluster({ enableAzureRbac: true });
    const check = activity();
    const denied = await check({ target, pools });
    assert.equal(denied.outcome, "checked");
    assert.equal(denied.outcome === "checked" && denied.ready, false);
    assert.match(
      denied.outcome === "checked" ? denied.summary : "",
      /may not list nodes \(403 Forbidden\).*Microsoft\.ContainerService\/managedClusters\/nodes\/read/,
    );
    await grant(RBAC_READER, String(cluster.id));
    const stillDenied = await check({ target, pools });
    assert.match(
      stillDenied.outcome === "checked" ? stillDenied.summary : "",
      /403 Forbidden/,
      "RBAC Reader has no nodes/read",
    );
    await grant(RBAC_ADMIN, String(cluster.id));
    await arm.sandbox.control.clock({ advanceMs: 120_000 }); // past nodeReady
    const ready = await check({ target, pools });
    assert.equal(ready.outcome, "checked");
    assert.equal(ready.outcome === "checked" && ready.ready, true, JSON.stringify(ready));
    assert.equal(ready.outcome === "checked" && ready.summary, "system 1/1 Ready");
    assert.ok(!JSON.stringify([denied, stillDenied, ready]).includes("eyJ"), "no token in what the activity returns");
  });

  it("without Azure RBAC: ready when the identity is in one of the admin groups, the missing membership named otherwise", async () => {
    const other = await entraCluster({ adminGroupObjectIDs: [randomUUID()] });
    const denied = await activity()({ target: other.target, pools });
    assert.match(denied.outcome === "checked" ? denied.summary : "", /403 Forbidden.*aadProfile\.adminGroupObjectIDs/);
    const mine = await entraCluster({ adminGroupObjectIDs: [randomUUID(), APP_GROUP] });
    await arm.sandbox.control.clock({ advanceMs: 120_000 });
    const ready = await activity()({ target: mine.target, pools });
    assert.equal(ready.outcome === "checked" && ready.ready, true, JSON.stringify(ready));
  });

  it("says the API server refused the token (401) when the cluster trusts another tenant", async () => {
    const { target } = await entraCluster({ enableAzureRbac: true, tenantID: randomUUID() });
    const refused = await activity()({ target, pools });
    assert.equal(refused.outcome === "checked" && refused.ready, false);
    assert.match(
      refused.outcome === "checked" ? refused.summary : "",
      /refused the provisioner's Entra token \(401 Unauthorized\)/,
    );
  });

  it("still uses the static user kubeconfig of a cluster without Entra ID", async () => {
    const name = uniqueName("r");
    const cluster = await arm.clients.containerService.managedClusters.createOrUpdate(
      arm.rg,
      name,
      {
        location: "eastus",
        dnsPrefix: name,
        agentPoolProfiles: [{ name: "system", mode: "System", count: 1, vmSize: "Standard_D2s_v5" }],
      },
      fastPoll,
    );
    await arm.sandbox.control.clock({ advanceMs: 120_000 });
    const failing: TokenCredential = {
      getToken: () => Promise.reject(new Error("the static path must not ask for a token")),
    };
    const ready = await readinessActivities(() => ({ ...arm.clients, credential: failing })).checkReadiness({
      target: {
        kind: "managedCluster",
        resourceId: String(cluster.id),
        subscriptionId: arm.sandbox.subscriptionId,
        resourceGroup: arm.rg,
        name,
      },
      pools,
    });
    assert.equal(ready.outcome === "checked" && ready.ready, true, JSON.stringify(ready));
  });
});
