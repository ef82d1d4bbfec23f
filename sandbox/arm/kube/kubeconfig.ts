import { stringify } from "yaml";

/** Inputs of a kubeconfig for one cluster. */
export interface KubeconfigInput {
  clusterName: string;
  resourceGroup: string;
  server: string;
  caPem: string;
  token: string;
  admin: boolean;
}

/** A kubeconfig YAML as `listClusterUserCredential` returns it: clusters, contexts, users, current-context. */
export function kubeconfigYaml(input: KubeconfigInput): string {
  const user = `${input.admin ? "clusterAdmin" : "clusterUser"}_${input.resourceGroup}_${input.clusterName}`;
  const context = input.admin ? `${input.clusterName}-admin` : input.clusterName;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: input.clusterName,
        cluster: { "certificate-authority-data": Buffer.from(input.caPem).toString("base64"), server: input.server },
      },
    ],
    contexts: [{ name: context, context: { cluster: input.clusterName, user } }],
    "current-context": context,
    preferences: {},
    users: [{ name: user, user: { token: input.token } }],
  });
}
