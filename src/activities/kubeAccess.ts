import type { TokenCredential } from "@azure/identity";
import { KubeConfig } from "@kubernetes/client-node";

/** The AKS AAD server application: every AKS API server takes Entra tokens issued for it. */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** How the activity reaches a cluster's API server: the kubeconfig's own user, or the app's Entra token. */
export interface KubeAccess {
  kc: KubeConfig;
  via: "kubeconfig" | "entraToken";
}

/**
 * A KubeConfig for the user kubeconfig AKS returned. A static user is used as is. An exec user (kubelogin, what
 * managed-Entra clusters hand out) cannot run here, so the activity does what kubelogin's `msi`/`azurecli` modes
 * do: a token for the AKS server application from the app's own credential, sent as a bearer token to the
 * kubeconfig's server, trusting its CA. The token lives only in the returned object: never returned or logged.
 */
export async function kubeAccess(kubeconfigYaml: string, credential: TokenCredential): Promise<KubeAccess> {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  if (!kc.getCurrentUser()?.exec) return { kc, via: "kubeconfig" };
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the user kubeconfig names no current cluster");
  const token = await credential.getToken(`${AKS_SERVER_APP_ID}/.default`);
  if (!token) throw new Error(`no Entra token for the AKS server application ${AKS_SERVER_APP_ID}`);
  const withToken = new KubeConfig();
  withToken.loadFromClusterAndUser(
    {
      name: cluster.name,
      server: cluster.server,
      skipTLSVerify: false,
      ...(cluster.caData ? { caData: cluster.caData } : {}),
    },
    { name: "provisioner", token: token.token },
  );
  return { kc: withToken, via: "entraToken" };
}

/** What the API server's 401/403 means for the identity the activity used, in words an operator can act on. */
export function accessProblem(status: number, via: KubeAccess["via"], what: string): string | undefined {
  if (status === 401) {
    return via === "entraToken"
      ? `the API server refused the provisioner's Entra token (401 Unauthorized) for ${what}: it takes tokens for the AKS server application ${AKS_SERVER_APP_ID} from the cluster's tenant`
      : `the API server refused the cluster user credential (401 Unauthorized) for ${what}: local accounts may be disabled`;
  }
  if (status === 403) {
    return via === "entraToken"
      ? `the provisioner's identity may not ${what} (403 Forbidden): with Azure RBAC it needs a role whose dataActions include Microsoft.ContainerService/managedClusters/nodes/read on the cluster (Azure Kubernetes Service RBAC Admin is the least built-in one); without Azure RBAC, membership of one of aadProfile.adminGroupObjectIDs`
      : `the cluster user credential may not ${what} (403 Forbidden)`;
  }
  return undefined;
}
