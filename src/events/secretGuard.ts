import { SecretInEventError } from "./errors.js";

// Fails closed: a field *named* like a secret is refused whatever its value, and any string that
// *looks* like one (JWT, PEM, kubeconfig, SAS, connection string, long base64) is refused wherever it is.
// Key names are matched in snake_case (`sshKey` → `ssh_key`), so `key` means a word, not `monkey`.
const SECRET_KEY =
  /kube_?config|password|passwd|secret|credential|(^|_)(tokens?|sas|signature|auth|authorization|cookie)(_|$)|(^|_)keys?$|connection_?string|cert(ificate)?_data/;

const SECRET_VALUE: [RegExp, string][] = [
  [/eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*/, "looks like a JWT"],
  [/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/, "contains a PEM block"],
  [
    /apiVersion:\s*v1[\s\S]*(clusters|users):|client-(certificate|key)-data|current-context:/,
    "looks like a kubeconfig",
  ],
  [/YXBpVmVyc2lvbj|Y2x1c3RlcnM6|Y3VycmVudC1jb250ZXh0/, "looks like a base64 kubeconfig"],
  [/SharedAccessSignature\s|SharedAccessKey=|AccountKey=|sig=[\w%]{20,}/i, "contains a SAS key or signature"],
  [/[A-Za-z0-9+/]{160,}={0,2}/, "contains a long base64 blob"],
];

/** Throws SecretInEventError when `value` (an event or its data) carries anything secret-looking. */
export function assertNoSecrets(value: unknown, path = "event"): void {
  if (typeof value === "string") {
    for (const [pattern, reason] of SECRET_VALUE) {
      if (pattern.test(value)) throw new SecretInEventError(path, reason);
    }
    return;
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) throw new SecretInEventError(path, "is binary");
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertNoSecrets(item, `${path}[${i}]`);
    return;
  }
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const normalised = key
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/[-\s.]/g, "_")
        .toLowerCase();
      if (SECRET_KEY.test(normalised)) throw new SecretInEventError(`${path}.${key}`, "is named like a secret");
      assertNoSecrets(child, `${path}.${key}`);
    }
  }
}
