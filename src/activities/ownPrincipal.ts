import type { AzureClients } from "../azure/clients.js";

/** The identity the app runs as, as a role assignment names it. */
export interface OwnPrincipal {
  principalId: string;
  /** `User` when the token is a user's (`idtyp: user`, e.g. Azure CLI sign-in on a laptop), else `ServicePrincipal`. */
  principalType: "User" | "ServicePrincipal";
}

/**
 * The object id of the identity the app runs as: the `oid` claim of its own ARM token. The plan cannot know it
 * (nor can a setting, which would cycle in Terraform: the identity is made with the app), so a role assignment for
 * the provisioner is completed here. Only the claims are read; the token is neither kept nor logged.
 */
export async function ownPrincipal(clients: AzureClients): Promise<OwnPrincipal | undefined> {
  const token = await clients.credential.getToken(clients.armScopes);
  const payload = token?.token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { oid?: unknown; idtyp?: unknown };
    if (typeof claims.oid !== "string" || claims.oid === "") return undefined;
    return { principalId: claims.oid, principalType: claims.idtyp === "user" ? "User" : "ServicePrincipal" };
  } catch {
    return undefined;
  }
}
