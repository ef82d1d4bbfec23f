import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { useSandbox } from "./fixtures.js";

const probe = fileURLToPath(new URL("./identityProbe.ts", import.meta.url));

function runProbe(
  mode: "managed" | "default",
  env: Record<string, string>,
): Promise<{ tid: string; oid: string; aud: string; rg: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", probe, mode],
      { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

describe("sandbox/arm managed-identity token endpoint via @azure/identity (child processes, env only)", () => {
  const arm = useSandbox({ resourceGroup: false });

  const base = () => ({
    ARM_ENDPOINT: arm.sandbox.env.ARM_ENDPOINT ?? "",
    AZURE_SUBSCRIPTION_ID: arm.sandbox.subscriptionId,
    NODE_EXTRA_CA_CERTS: arm.sandbox.certPath,
  });

  it("serves DefaultAzureCredential with the printed environment, and ARM accepts its token over HTTPS", async () => {
    const result = await runProbe("default", arm.sandbox.env);
    assert.equal(result.tid, arm.sandbox.tenantId);
    assert.match(result.oid, /^[0-9a-f-]{36}$/);
    assert.equal(result.aud, "https://management.azure.com");
    assert.equal(result.rg, "probe");
  });

  it("serves ManagedIdentityCredential over the App Service protocol (IDENTITY_ENDPOINT + IDENTITY_HEADER)", async () => {
    const result = await runProbe("managed", {
      ...base(),
      IDENTITY_ENDPOINT: arm.sandbox.env.IDENTITY_ENDPOINT ?? "",
      IDENTITY_HEADER: arm.sandbox.env.IDENTITY_HEADER ?? "",
    });
    assert.equal(result.tid, arm.sandbox.tenantId);
  });

  it("serves the older MSI_ENDPOINT + MSI_SECRET form", async () => {
    const result = await runProbe("managed", {
      ...base(),
      MSI_ENDPOINT: arm.sandbox.env.MSI_ENDPOINT ?? "",
      MSI_SECRET: arm.sandbox.env.MSI_SECRET ?? "",
    });
    assert.equal(result.tid, arm.sandbox.tenantId);
  });

  it("serves the MSI_ENDPOINT-only form (form POST with Metadata: true)", async () => {
    const result = await runProbe("managed", { ...base(), MSI_ENDPOINT: arm.sandbox.env.MSI_ENDPOINT ?? "" });
    assert.equal(result.tid, arm.sandbox.tenantId);
  });

  it("refuses a token request without the identity header", async () => {
    const res = await fetch(
      `${arm.sandbox.env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://management.azure.com`,
    );
    assert.equal(res.status, 401);
    await res.arrayBuffer();
  });
});
