import type { AzureClients } from "../azure/clients.js";

/**
 * The object id of the identity the app runs as: the `oid` claim of its own ARM token. The plan cannot know it
 * (nor can a setting, which would cycle in Terraform: the identity is made with the app), so a role assignment for
 * the provisioner is completed here. Only the claim is read; the token is neither kept nor logged.
 */
export async function ownPrincipalId(clients: AzureClients): Promise<string | undefined> {
  const token = await clients.credential.getToken(clients.armScopes);
  const payload = token?.token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { oid?: unknown };
    return typeof claims.oid === "string" && claims.oid !== "" ? claims.oid : undefined;
  } catch {
    return undefined;
  }
}
