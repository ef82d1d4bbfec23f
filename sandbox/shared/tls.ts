import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "selfsigned";

/** A self-signed server certificate on disk; clients trust it through NODE_EXTRA_CA_CERTS=certPath. */
export interface SandboxCertificate {
  /** PEM certificate (it is its own CA). */
  cert: string;
  /** PEM private key. */
  key: string;
  /** Path of the PEM certificate, for NODE_EXTRA_CA_CERTS. */
  certPath: string;
}

const CERT_FILE = "sandbox-cert.pem";
const KEY_FILE = "sandbox-key.pem";

/**
 * Loads the sandbox certificate from `dir`, creating it on first use (SAN localhost, 127.0.0.1, ::1).
 * Every sandbox server shares one certificate per state dir, so one NODE_EXTRA_CA_CERTS trusts them all.
 */
export async function loadOrCreateCertificate(dir: string): Promise<SandboxCertificate> {
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, CERT_FILE);
  const keyPath = join(dir, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8"), certPath };
  }
  const notAfterDate = new Date();
  notAfterDate.setFullYear(notAfterDate.getFullYear() + 5);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private, certPath };
}
