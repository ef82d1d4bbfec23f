import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loggedWrites } from "./armWrites.js";
import { Provisioner } from "./harness.js";
import { aRequest } from "./requests.js";

// The network team's subscription, apart from the request's: the references are read with its own clients.
const NETWORK_SUBSCRIPTION = "00000000-0000-0000-0000-0000000000ad";

interface Check {
  name: string;
  status: string;
  message: string;
  details?: { references: { field: string; resourceId: string; found: string }[] };
}

describe("preflight: what a request references must exist before anything is written", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());

  /** A dev-shaped request on an existing subnet `subnetId` (created only when `create`). */
  function onSubnet(label: string) {
    const request: Record<string, unknown> & { requestId: string } = aRequest(label);
    const rg = `rg-net-${request.requestId.slice(4).toLowerCase()}`;
    const subnetId = `/subscriptions/${NETWORK_SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks`;
    request.network = { kind: "existing", subnetId, addressPrefixes: ["10.20.0.0/16"] };
    const create = async () => {
      const c = p.sdkClients(NETWORK_SUBSCRIPTION);
      await c.resources.resourceGroups.createOrUpdate(rg, { location: "westeurope" });
      await c.network.virtualNetworks.createOrUpdate(rg, "hub", {
        location: "westeurope",
        addressSpace: { addressPrefixes: ["10.20.0.0/16"] },
        subnets: [{ name: "aks", addressPrefix: "10.20.0.0/20" }],
      });
    };
    return { request, subnetId, create };
  }

  async function referencesOf(body: unknown): Promise<{ ok: boolean; check: Check | undefined }> {
    const res = await p.api("POST", "clusters/plan", body);
    assert.equal(res.status, 200, await res.clone().text());
    const { preflight } = (await res.json()) as { preflight: { ok: boolean; checks: Check[] } };
    return { ok: preflight.ok, check: preflight.checks.find((c) => c.name === "references") };
  }

  it("refuses a request whose existing subnet is missing at step preflight, with the field and ARM's id, and zero ARM writes", async () => {
    const { request, subnetId } = onSubnet("nosubnet");
    await p.arm.control.clearCalls();

    const dry = await referencesOf(request);
    assert.equal(dry.ok, false, "the dry run shows it");
    assert.equal(dry.check?.status, "failed");
    assert.ok(dry.check?.message.includes(`ReferenceNotFound: network.subnetId: ${subnetId}`), dry.check?.message);
    assert.deepEqual(dry.check?.details?.references, [
      { field: "network.subnetId", resourceId: subnetId, found: "missing" },
    ]);

    const res = await p.api("POST", "clusters", request);
    assert.equal(res.status, 202, await res.clone().text());
    const status = (await p.finished(request.requestId)) as Awaited<ReturnType<Provisioner["finished"]>> & {
      failure: { step: string; error: { code: string; message: string } };
    };
    assert.equal(status.state, "failed");
    assert.equal(status.failure.step, "preflight");
    assert.equal(status.failure.error.code, "PreflightFailed");
    assert.match(
      status.failure.error.message,
      /^nothing was written: references: ReferenceNotFound: network\.subnetId: /,
    );
    assert.ok(status.failure.error.message.includes(subnetId), status.failure.error.message);
    assert.ok(
      status.steps.every((s) => s.state === "skipped"),
      JSON.stringify(status.steps.map((s) => [s.id, s.state])),
    );
    assert.deepEqual(await loggedWrites(p.arm), [], "zero ARM writes: not even the resource group");
    const { value } = await p.arm.control.calls();
    assert.ok(
      value.some((c) => c.method === "GET" && c.path.toLowerCase() === subnetId.toLowerCase()),
      "the subnet was read in its own subscription",
    );
    const failed = p.eventsOf(request.requestId).filter((e) => e.type === "cluster.provisioning.failed");
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.data.step, "preflight");
    assert.ok(
      !p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioning.started"),
      "the run never started writing",
    );
  });

  it("passes a request whose existing subnet exists: the check is ok and the run provisions onto it", async () => {
    const { request, subnetId, create } = onSubnet("subnet");
    await create();
    const dry = await referencesOf(request);
    assert.equal(dry.check?.status, "ok", dry.check?.message);
    assert.equal(dry.check?.message, "network.subnetId exists");

    await p.arm.control.clearCalls();
    await p.api("POST", "clusters", request);
    const status = await p.finished(request.requestId);
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    const { value } = await p.arm.control.calls();
    const read = value.findIndex((c) => c.method === "GET" && c.path.toLowerCase() === subnetId.toLowerCase());
    const firstWrite = value.findIndex((c) => c.method === "PUT");
    assert.ok(read >= 0 && read < firstWrite, "the run read the subnet before its first write");
    assert.ok(!status.steps.some((s) => s.id === "network"), "the subnet is not written");
    const access = status.steps.find((s) => s.id === "networkAccess");
    assert.ok(access?.resourceId?.startsWith(subnetId), "Network Contributor is granted on the existing subnet");
  });

  it("a 403 on reading the subnet is a warning naming the read action the app lacks, and the run goes on", async () => {
    const { request, create } = onSubnet("forbidden");
    await create();
    const fault = await p.arm.control.addFault({
      action: "error",
      method: "GET",
      pathPattern: `/resourcegroups/rg-net-${request.requestId.slice(4).toLowerCase()}/.*/subnets/aks$`,
      status: 403,
      code: "AuthorizationFailed",
      message:
        "The client does not have authorization to perform action 'Microsoft.Network/virtualNetworks/subnets/read'.",
    });
    try {
      const dry = await referencesOf(request);
      assert.equal(dry.ok, true, "a warning does not fail the preflight");
      assert.equal(dry.check?.status, "warning");
      assert.match(String(dry.check?.message), /403 AuthorizationFailed/);
      assert.match(
        String(dry.check?.message),
        /the app lacks Microsoft\.Network\/virtualNetworks\/subnets\/read there/,
      );
      assert.match(String(dry.check?.message), /Microsoft\.Network\/virtualNetworks\/subnets\/join\/action/);

      await p.api("POST", "clusters", request);
      const status = await p.finished(request.requestId);
      assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    } finally {
      await p.arm.control.removeFault(String(fault.id));
    }
  });

  it("names every missing reference: an existing registry to attach and a user-assigned identity", async () => {
    const request: Record<string, unknown> & { requestId: string; cluster: object } = aRequest("norefs");
    const rg = "/subscriptions/00000000-0000-0000-0000-0000000000ad/resourceGroups/rg-shared";
    const registryId = `${rg}/providers/Microsoft.ContainerRegistry/registries/sharedacr`;
    const identityId = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-control-plane`;
    request.registry = { kind: "existing", id: registryId };
    Object.assign(request.cluster, { identityType: "UserAssigned", userAssignedIdentityId: identityId });
    await p.arm.control.clearCalls();
    const dry = await referencesOf(request);
    assert.equal(dry.check?.status, "failed");
    assert.ok(dry.check?.message.includes(`ReferenceNotFound: registry.id: ${registryId}`), dry.check?.message);
    assert.ok(
      dry.check?.message.includes(`ReferenceNotFound: cluster.userAssignedIdentityId: ${identityId}`),
      dry.check?.message,
    );
    assert.deepEqual(await loggedWrites(p.arm), []);
  });
});
