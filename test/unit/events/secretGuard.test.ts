import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildClusterEventMessage } from "../../../src/events/buildClusterEvent.js";
import { isSecretInEventError } from "../../../src/events/errors.js";
import { assertNoSecrets } from "../../../src/events/secretGuard.js";
import { exampleEvents } from "./exampleEvents.js";

const kubeconfig = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTi
    server: https://aks-team-a.hcp.westeurope.azmk8s.io:443
  name: aks-team-a
current-context: aks-team-a
users:
- name: clusterUser
  user:
    token: 0123456789abcdef`;
const jwt =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhYmMiLCJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tIn0.c2lnbmF0dXJl";

describe("assertNoSecrets", () => {
  const refused: [string, unknown][] = [
    ["a kubeconfig field", { kubeconfig: "anything" }],
    ["a password field", { adminPassword: "x" }],
    ["a token field", { accessToken: "x" }],
    ["a key field", { sshKey: "x" }],
    ["a client secret", { clientSecret: "x" }],
    ["a connection string field", { connectionString: "x" }],
    ["a kubeconfig in a message", { message: kubeconfig }],
    ["a base64 kubeconfig", { detail: Buffer.from(kubeconfig).toString("base64") }],
    ["a JWT anywhere", { nested: [{ note: `Bearer ${jwt}` }] }],
    ["a PEM private key", { note: "-----BEGIN RSA PRIVATE KEY-----\nMIIE" }],
    ["a SAS connection string", { note: "Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=abc=" }],
    ["a storage account key", { note: "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc==" }],
    ["binary data", { blob: Buffer.from("x") }],
  ];
  for (const [name, data] of refused) {
    it(`refuses ${name}`, () => {
      assert.throws(() => assertNoSecrets(data, "data"), isSecretInEventError);
    });
  }

  it("accepts ordinary cluster data (resource ids, FQDNs, Azure error messages)", () => {
    for (const input of Object.values(exampleEvents)) assertNoSecrets(input.data, "data");
    assertNoSecrets({ monkey: "ok", keyVaultName: undefined, partitionCount: 3 }, "data");
  });

  it("scans every built example event end to end and finds nothing secret", () => {
    for (const input of Object.values(exampleEvents)) {
      const message = buildClusterEventMessage(input);
      const text = (message.body as Buffer).toString("utf8");
      assert.doesNotMatch(text, /kubeconfig|password|BEGIN [A-Z ]*PRIVATE|SharedAccessKey|eyJ[\w-]+\.eyJ/i);
      assertNoSecrets(JSON.parse(text), "event");
      assertNoSecrets(message.applicationProperties, "applicationProperties");
    }
  });
});
