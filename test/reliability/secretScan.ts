/** A secret to look for: an exact value (with its base64 form) or a shape any such secret has. */
export type Needle = { what: string; value: string } | { what: string; pattern: RegExp };

/** Where a secret was found: which one, on which surface, and a few characters around it (the secret masked). */
export interface Finding {
  what: string;
  where: string;
  around: string;
}

// Shapes of secrets whatever their value: PEM blocks, a kubeconfig's credential fields, JWTs (bearer tokens,
// the sandbox identity's and Azure's alike), Service Bus and Storage connection strings.
export const SECRET_SHAPES: Needle[] = [
  { what: "a PEM block (key or certificate)", pattern: /-----BEGIN [A-Z ]+-----/ },
  { what: "a kubeconfig's client-key-data", pattern: /client-key-data/ },
  { what: "a kubeconfig's client-certificate-data", pattern: /client-certificate-data/ },
  { what: "a kubeconfig's certificate-authority-data", pattern: /certificate-authority-data/ },
  { what: "a JWT (bearer token)", pattern: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./ },
  { what: "a bearer authorization header", pattern: /Bearer\s+[A-Za-z0-9._~+/-]{16,}/ },
  { what: "a Service Bus SAS key", pattern: /SharedAccessKey=/i },
  { what: "a Service Bus SAS signature", pattern: /SharedAccessSignature\s+sr=/i },
  { what: "a Storage account key", pattern: /AccountKey=/i },
];

/** Exact values to look for, each also base64-encoded (a kubeconfig travels that way); shorter than 12 skipped. */
export function valuesOf(secrets: Record<string, string | undefined>): Needle[] {
  return Object.entries(secrets).flatMap(([what, value]) =>
    value && value.length >= 12
      ? [
          { what, value },
          { what: `${what} (base64)`, value: Buffer.from(value).toString("base64") },
        ]
      : [],
  );
}

/** Every needle found on every surface; empty when nothing leaked. */
export function scanForSecrets(surfaces: Record<string, string>, needles: Needle[]): Finding[] {
  const findings: Finding[] = [];
  for (const [where, text] of Object.entries(surfaces)) {
    for (const needle of needles) {
      const at = "value" in needle ? text.indexOf(needle.value) : text.search(needle.pattern);
      if (at < 0) continue;
      const length = "value" in needle ? needle.value.length : (needle.pattern.exec(text)?.[0].length ?? 0);
      const around = `${text.slice(Math.max(0, at - 40), at)}«${needle.what}»${text.slice(at + length, at + length + 40)}`;
      findings.push({ what: needle.what, where, around: around.replace(/\s+/g, " ") });
    }
  }
  return findings;
}
