import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { ArmSandbox } from "../../../sandbox/arm/index.js";
import { startTestSandbox } from "./fixtures.js";

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
  let sandbox: ArmSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.stop());

  const base = () => ({
    ARM_ENDPOINT: sandbox.env.ARM_ENDPOINT ?? "",
    AZURE_SUBSCRIPTION_ID: sandbox.subscriptionId,
    NODE_EXTRA_CA_CERTS: sandbox.certPath,
  });

  it("serves DefaultAzureCredential with the printed environment, and ARM accepts its token over HTTPS", async () => {
    const result = await runProbe("default", sandbox.env);
    assert.equal(result.tid, sandbox.tenantId);
    assert.match(result.oid, /^[0-9a-f-]{36}$/);
    assert.equal(result.aud, "https://management.azure.com");
    assert.equal(result.rg, "probe");
  });

  it("serves ManagedIdentityCredential over the App Service protocol (IDENTITY_ENDPOINT + IDENTITY_HEADER)", async () => {
    const result = await runProbe("managed", {
      ...base(),
      IDENTITY_ENDPOINT: sandbox.env.IDENTITY_ENDPOINT ?? "",
      IDENTITY_HEADER: sandbox.env.IDENTITY_HEADER ?? "",
    });
    assert.equal(result.tid, sandbox.tenantId);
  });

  it("serves the older MSI_ENDPOINT + MSI_SECRET form", async () => {
    const result = await runProbe("managed", {
      ...base(),
      MSI_ENDPOINT: sandbox.env.MSI_ENDPOINT ?? "",
      MSI_SECRET: sandbox.env.MSI_SECRET ?? "",
    });
    assert.equal(result.tid, sandbox.tenantId);
  });

  it("serves the MSI_ENDPOINT-only form (form POST with Metadata: true)", async () => {
    const result = await runProbe("managed", { ...base(), MSI_ENDPOINT: sandbox.env.MSI_ENDPOINT ?? "" });
    assert.equal(result.tid, sandbox.tenantId);
  });

  it("refuses a token request without the identity header", async () => {
    const res = await fetch(
      `${sandbox.env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://management.azure.com`,
    );
    assert.equal(res.status, 401);
    await res.arrayBuffer();
  });
});
