import type { AccessToken, TokenCredential } from "@azure/identity";
import { issueToken } from "./identity/jwt.js";
import { DEFAULT_TENANT_ID } from "./options.js";

/** What an Azure SDK client needs to reach the sandbox in-process (no NODE_EXTRA_CA_CERTS). */
export interface SandboxClientOptions {
  endpoint: string;
  /** Trusts the sandbox certificate for this client only (core-rest-pipeline's `tlsPolicy`). */
  tlsOptions: { ca: string };
}

/**
 * Client options for any `@azure/arm-*` client (modular or HLC): `endpoint` plus `tlsOptions.ca`,
 * which core-rest-pipeline turns into a per-request HTTPS agent trusting the sandbox certificate.
 * Spread extra options (retryOptions…) after it.
 */
export function sandboxClientOptions(sandbox: { url: string; ca: string }): SandboxClientOptions {
  return { endpoint: sandbox.url, tlsOptions: { ca: sandbox.ca } };
}

/**
 * A TokenCredential that mints sandbox tokens locally (JWT-shaped, with tid/oid), for tests that
 * do not exercise the managed-identity endpoint. ARM in the sandbox accepts any bearer token; the Kubernetes
 * API of a managed-Entra cluster refuses these (unsigned) ones, as it would a forged token.
 */
export function sandboxCredential(claims: { oid?: string; tid?: string } = {}): TokenCredential {
  return {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? (scopes[0] ?? "") : scopes;
      const expiresOnTimestamp = Date.now() + 3600_000;
      return {
        token: issueToken({
          aud: scope.replace(/\/\.default$/, ""),
          tid: claims.tid ?? DEFAULT_TENANT_ID,
          oid: claims.oid ?? "00000000-0000-4000-8000-0000000000c1",
          appid: "00000000-0000-4000-8000-0000000000c1",
          expiresOnSeconds: Math.floor(expiresOnTimestamp / 1000),
        }),
        expiresOnTimestamp,
      };
    },
  };
}
