import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TokenCredential } from "@azure/identity";
import { ownPrincipal } from "../../../src/activities/ownPrincipal.js";
import type { AzureClients } from "../../../src/azure/clients.js";

/** Only the two fields `ownPrincipal` reads: the identity and the scopes it asks for. */
function identity(token: string, asked: string[][] = []): AzureClients {
  const credential: TokenCredential = {
    getToken: async (scopes) => {
      asked.push([scopes].flat());
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return { credential, armScopes: ["https://management.azure.com/.default"] } as AzureClients;
}

const jwt = (claims: object) =>
  ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), "signature"].join(".");

describe("ownPrincipal: the provisioner's object id from its own ARM token", () => {
  it("reads the oid claim of a token for the ARM scope: a managed identity's is a service principal", async () => {
    const asked: string[][] = [];
    const own = await ownPrincipal(identity(jwt({ oid: "00000000-0000-4000-8000-0000000000c1", idtyp: "app" }), asked));
    assert.deepEqual(own, { principalId: "00000000-0000-4000-8000-0000000000c1", principalType: "ServicePrincipal" });
    assert.deepEqual(asked, [["https://management.azure.com/.default"]]);
  });

  it("names a user's token (a developer's Azure CLI sign-in) a User", async () => {
    const own = await ownPrincipal(identity(jwt({ oid: "u1", idtyp: "user" })));
    assert.deepEqual(own, { principalId: "u1", principalType: "User" });
  });

  it("answers undefined for a token without an oid, or one that is not a JWT", async () => {
    assert.equal(await ownPrincipal(identity(jwt({ tid: "t" }))), undefined);
    assert.equal(await ownPrincipal(identity(jwt({ oid: 42 }))), undefined);
    assert.equal(await ownPrincipal(identity("opaque")), undefined);
    assert.equal(await ownPrincipal(identity("a.%%%.c")), undefined);
  });
});
