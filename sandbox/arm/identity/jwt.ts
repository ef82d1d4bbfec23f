/** Claims the sandbox puts in the tokens it issues. */
export interface TokenClaims {
  aud: string;
  tid: string;
  oid: string;
  appid: string;
  expiresOnSeconds: number;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A JWT-shaped (unsigned-looking, `alg: RS256` header, dummy signature) access token. */
export function issueToken(claims: TokenClaims): string {
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
  };
  return `${b64url(header)}.${b64url(payload)}.${Buffer.from("sandbox-signature").toString("base64url")}`;
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
