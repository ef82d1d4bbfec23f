import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, describe, it } from "node:test";
import { waitFor } from "../../helpers/waitFor.js";
import { apiErrorOf, provisioned } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";

// A port nothing listens on: taken from the OS, then given back.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the registry unreachable", () => {
  let p: Provisioner;
  before(async () => {
    const port = await closedPort();
    const account = "devstoreaccount1";
    const key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    const storage = `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};TableEndpoint=http://127.0.0.1:${port}/${account};`;
    p = await Provisioner.start({ settings: { AzureWebJobsStorage: storage } });
  });
  after(() => p.stop());

  it("a provisioning still succeeds (its records are retried, then dropped); the list answers 503", async () => {
    const request = aRequest("noregistry");
    await provisioned(p, request);
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"), 10_000);
    const res = await p.api("GET", "clusters");
    assert.equal(res.status, 503, await res.clone().text());
    assert.equal((await apiErrorOf(res)).code, "RegistryUnavailable");
    assert.ok(res.headers.get("retry-after"));
  });
});
