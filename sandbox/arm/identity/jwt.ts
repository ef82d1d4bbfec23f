import { createSign, createVerify } from "node:crypto";

/** Claims the sandbox puts in the tokens it issues. */
export interface TokenClaims {
  aud: string;
  tid: string;
  oid: string;
  appid: string;
  expiresOnSeconds: number;
  /** Entra group object ids (the `groups` claim); omitted when empty, as Entra omits it. */
  groups?: string[];
}

/** The payload of a verified token: what the Kubernetes API authenticates and authorizes by. */
export interface VerifiedClaims {
  aud: string;
  tid: string;
  oid: string;
  exp: number;
  groups: string[];
}

/** Why a bearer token was refused. */
export type TokenRejection = "malformed" | "signature" | "expired";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const UNSIGNED = Buffer.from("sandbox-signature").toString("base64url");

/**
 * A JWT access token, `alg: RS256` as Entra's are. Signed with `signingKeyPem` (the sandbox certificate's
 * key, so a service that trusts the sandbox can verify it); without a key, a dummy signature that no
 * verifier accepts (what `sandboxCredential()` mints locally for ARM, which accepts any bearer token).
 */
export function issueToken(claims: TokenClaims, signingKeyPem?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: "JWT", alg: "RS256", kid: "sandbox" };
  const payload = {
    aud: claims.aud,
    iss: `https://sts.windows.net/${claims.tid}/`,
    iat: now,
    nbf: now,
    exp: claims.expiresOnSeconds,
    tid: claims.tid,
    oid: claims.oid,
    sub: claims.oid,
    appid: claims.appid,
    idtyp: "app",
    ver: "1.0",
    ...(claims.groups?.length ? { groups: claims.groups } : {}),
  };
  const signed = `${b64url(header)}.${b64url(payload)}`;
  if (!signingKeyPem) return `${signed}.${UNSIGNED}`;
  const signature = createSign("RSA-SHA256").update(signed).sign(signingKeyPem).toString("base64url");
  return `${signed}.${signature}`;
}

/**
 * Checks a token the sandbox identity endpoint issued: its RS256 signature against `verifyKeyPem` (the
 * certificate, whose public key matches the signing key) and its expiry. The audience is the caller's to check.
 */
export function verifyToken(
  token: string,
  verifyKeyPem: string,
  nowMs: number,
): { ok: true; claims: VerifiedClaims } | { ok: false; reason: TokenRejection } {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return { ok: false, reason: "malformed" };
  let claims: Partial<VerifiedClaims>;
  try {
    const alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg;
    if (alg !== "RS256") return { ok: false, reason: "signature" };
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<VerifiedClaims>;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const valid = createVerify("RSA-SHA256")
    .update(`${header}.${payload}`)
    .verify(verifyKeyPem, Buffer.from(signature, "base64url"));
  if (!valid) return { ok: false, reason: "signature" };
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= nowMs) return { ok: false, reason: "expired" };
  return {
    ok: true,
    claims: {
      aud: String(claims.aud ?? ""),
      tid: String(claims.tid ?? ""),
      oid: String(claims.oid ?? ""),
      exp: claims.exp,
      groups: Array.isArray(claims.groups) ? claims.groups.map(String) : [],
    },
  };
}

/** Object id and tenant of a bearer JWT; undefined for opaque tokens (which ARM routes still accept). */
export function bearerCaller(authorization: string): { oid: string; tid: string } | undefined {
  const token = authorization.replace(/^bearer\s+/i, "");
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { oid?: unknown; tid?: unknown };
    if (typeof claims.oid !== "string" || typeof claims.tid !== "string") return undefined;
    return { oid: claims.oid, tid: claims.tid };
  } catch {
    return undefined;
  }
}
