import { header, type Reply, type RequestContext } from "../http/context.js";
import type { Frontend } from "../http/pipeline.js";
import type { ArmServices } from "../services.js";
import { issueToken } from "./jwt.js";

/** Path of the managed-identity token endpoint (IDENTITY_ENDPOINT / MSI_ENDPOINT). */
export const TOKEN_PATH = "/msi/token";

const TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * The managed-identity token endpoint, speaking what `@azure/identity` (through MSAL) sends:
 * App Service (GET, `X-IDENTITY-HEADER`), Azure ML / old App Service (GET, `secret` header from
 * MSI_SECRET) and Cloud Shell (POST form, `Metadata: true`). Tokens are RS256 JWTs signed with the sandbox
 * certificate's key, with tid/oid and the `identityGroups` setting as `groups`.
 */
export function tokenEndpoint(services: ArmServices): Frontend {
  return {
    owns: (lowerPath) => lowerPath === TOKEN_PATH,
    handle: (ctx) => issue(ctx, services),
  };
}

function issue(ctx: RequestContext, services: ArmServices): Reply {
  const { identity } = services;
  const form = ctx.method === "POST" ? new URLSearchParams(ctx.rawBody) : new URLSearchParams();
  const authorized =
    header(ctx, "x-identity-header") === identity.identityHeader ||
    header(ctx, "secret") === identity.msiSecret ||
    (ctx.method === "POST" && header(ctx, "metadata") === "true");
  if (!authorized) {
    return { status: 401, body: { error: "unauthorized", error_description: "Missing or wrong identity header." } };
  }
  const resource = ctx.query.get("resource") ?? form.get("resource") ?? ctx.query.get("scope");
  if (!resource) {
    return {
      status: 400,
      body: { error: "invalid_request", error_description: "The resource parameter is required." },
    };
  }
  // MSAL's Azure ML form sends `clientid=undefined` when DEFAULT_IDENTITY_CLIENT_ID is unset.
  const requestedClient = ctx.query.get("client_id") ?? ctx.query.get("clientid");
  const clientId = requestedClient && requestedClient !== "undefined" ? requestedClient : identity.clientId;
  // A user-assigned identity asked for by client id gets its own object id as `oid`.
  const assigned = services.store
    .listResources({ type: "Microsoft.ManagedIdentity/userAssignedIdentities" })
    .find((r) => (r.body.properties as { clientId?: string } | undefined)?.clientId === clientId);
  const principalId =
    ctx.query.get("principal_id") ??
    ctx.query.get("object_id") ??
    (assigned?.body.properties as { principalId?: string } | undefined)?.principalId ??
    identity.principalId;
  const expiresOn = Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS;
  const accessToken = issueToken(
    {
      aud: resource.replace(/\/\.default$/, ""),
      tid: identity.tenantId,
      oid: principalId,
      appid: clientId,
      expiresOnSeconds: expiresOn,
      groups: services.settings.identityGroups,
    },
    services.signingKeyPem,
  );
  return {
    status: 200,
    body: {
      access_token: accessToken,
      expires_on: String(expiresOn),
      expires_in: String(TOKEN_LIFETIME_SECONDS),
      resource,
      token_type: "Bearer",
      client_id: clientId,
    },
  };
}
