import { stringify } from "yaml";

/** The AKS AAD server application: the audience of Entra tokens for every AKS cluster's API server. */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** The AKS AAD client application kubelogin signs users in with (device code). */
export const AKS_CLIENT_APP_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

/** How the kubeconfig's user authenticates: a static token (local accounts) or Entra ID through kubelogin. */
export type KubeconfigUser = { token: string } | { entraTenantId: string };

/** Inputs of a kubeconfig for one cluster. */
export interface KubeconfigInput {
  clusterName: string;
  resourceGroup: string;
  server: string;
  caPem: string;
  user: KubeconfigUser;
  admin: boolean;
}

/**
 * A kubeconfig YAML as `listClusterUserCredential` returns it: clusters, contexts, users, current-context. An
 * Entra user is the exec plugin entry AKS writes for managed-Entra clusters (kubelogin, device-code login, the
 * AKS server application as audience); it carries no secret.
 */
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
    users: [{ name: user, user: "token" in input.user ? { token: input.user.token } : kubeloginExec(input.user) }],
  });
}

function kubeloginExec(user: { entraTenantId: string }) {
  return {
    exec: {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      args: [
        "get-token",
        "--environment",
        "AzurePublicCloud",
        "--server-id",
        AKS_SERVER_APP_ID,
        "--client-id",
        AKS_CLIENT_APP_ID,
        "--tenant-id",
        user.entraTenantId,
        "--login",
        "devicecode",
      ],
      command: "kubelogin",
      env: null,
      installHint:
        "\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n",
      interactiveMode: "IfAvailable",
      provideClusterInfo: false,
    },
  };
}
