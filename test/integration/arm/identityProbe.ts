// Child-process probe for identity.test.ts: uses only environment variables, exactly as the app's
// production credential path does (MSAL caches the managed-identity source per process, and
// NODE_EXTRA_CA_CERTS must be set before Node starts).
import { ResourceManagementClient } from "@azure/arm-resources";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";

const mode = process.argv[2];
const credential = mode === "default" ? new DefaultAzureCredential() : new ManagedIdentityCredential();
const token = await credential.getToken("https://management.azure.com/.default");
const claims = JSON.parse(Buffer.from(token.token.split(".")[1] ?? "", "base64url").toString("utf8"));
const client = new ResourceManagementClient(credential, process.env.AZURE_SUBSCRIPTION_ID ?? "", {
  endpoint: process.env.ARM_ENDPOINT,
});
await client.resourceGroups.createOrUpdate("probe", { location: "eastus" });
process.stdout.write(
  JSON.stringify({
    tid: claims.tid,
    oid: claims.oid,
    aud: claims.aud,
    rg: (await client.resourceGroups.get("probe")).name,
  }),
);
