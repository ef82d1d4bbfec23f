import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Provisioner } from "../integration/provision/harness.js";
import type { aRequest } from "../integration/provision/requests.js";

// The secrets that exist while a run goes on, gathered the way their owners get them, for the secrets suite to look for.

/** The devhost's master key (admin level), from its keys file. */
export function masterKey(p: Provisioner): string {
  return (JSON.parse(readFileSync(join(p.stateDir, "devhost", "keys.json"), "utf8")) as { masterKey: string })
    .masterKey;
}

/** Both kubeconfigs of the request's cluster, as `az aks get-credentials` gets them (user and admin). */
export async function kubeconfigs(
  p: Provisioner,
  r: ReturnType<typeof aRequest>,
): Promise<{ user: string; admin: string }> {
  const clusters = p.sdkClients().containerService.managedClusters;
  const text = (c: { kubeconfigs?: { value?: Uint8Array }[] }) =>
    Buffer.from(c.kubeconfigs?.[0]?.value ?? []).toString("utf8");
  const [user, admin] = await Promise.all([
    clusters.listClusterUserCredentials(r.resourceGroup, r.cluster.name),
    clusters.listClusterAdminCredentials(r.resourceGroup, r.cluster.name),
  ]);
  return { user: text(user), admin: text(admin) };
}

/** Every secret value that exists while the run goes on, by name. */
export async function secretsOf(
  p: Provisioner,
  r: ReturnType<typeof aRequest>,
): Promise<Record<string, string | undefined>> {
  const { user, admin } = await kubeconfigs(p, r);
  assert.ok(user.includes("token"), "the sandbox gave no user kubeconfig");
  const tokenOf = (yaml: string) => (parse(yaml) as { users: { user: { token: string } }[] }).users[0]?.user.token;
  const caOf = (yaml: string) =>
    (parse(yaml) as { clusters: { cluster: Record<string, string> }[] }).clusters[0]?.cluster[
      "certificate-authority-data"
    ];
  const identity = await fetch(
    `${p.arm.env.IDENTITY_ENDPOINT}?resource=${encodeURIComponent("https://management.azure.com/")}&api-version=2019-08-01`,
    { headers: { "X-IDENTITY-HEADER": String(p.arm.env.IDENTITY_HEADER) } },
  );
  assert.equal(identity.status, 200, "the sandbox identity gave no token");
  return {
    "the user kubeconfig": user,
    "the admin kubeconfig": admin,
    "the user kubeconfig's token": tokenOf(user),
    "the admin kubeconfig's token": tokenOf(admin),
    "the kubeconfig's CA data": caOf(user),
    "a managed-identity access token": ((await identity.json()) as { access_token: string }).access_token,
    "the managed-identity endpoint's secret header": p.arm.env.IDENTITY_HEADER,
    "the function key": p.key,
    "the master key": masterKey(p),
    "the Service Bus SAS key": /SharedAccessKey=([^;]+)/.exec(p.broker.connectionString)?.[1],
    "the Service Bus connection string": p.broker.connectionString,
    "the Storage account key": /AccountKey=([^;]+)/.exec(p.azurite.connectionString)?.[1],
  };
}
