import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import type { FaultRule } from "../../../sandbox/arm/index.js";
import { Provisioner } from "./harness.js";
import { aRequest, exists, taggedWith } from "./requests.js";

// One permanent fault per stage: the run fails at that step with Azure's code, and the rollback leaves
// nothing tagged with the request id (role assignments, untagged, by their ids).
const permanent: { step: string; code: string; fault: (r: ReturnType<typeof aRequest>) => FaultRule }[] = [
  {
    step: "resourceGroup",
    code: "InvalidParameter",
    fault: (r) => ({
      action: "error",
      method: "PUT",
      pathPattern: `/resourcegroups/${r.resourceGroup}$`,
      status: 400,
      code: "InvalidParameter",
      message: "bad group",
    }),
  },
  {
    step: "network",
    code: "InvalidAddressPrefix",
    fault: (r) => ({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/virtualNetworks/${r.network.vnetName}$`,
      code: "InvalidAddressPrefix",
      message: "The prefix is not valid.",
    }),
  },
  {
    step: "registry",
    code: "InvalidParameter",
    fault: (r) => ({
      action: "error",
      method: "PUT",
      pathPattern: `/registries/${r.registry.name}$`,
      status: 400,
      code: "InvalidParameter",
      message: "bad registry",
    }),
  },
  {
    step: `disk:`,
    code: "InvalidDiskSize",
    fault: (r) => ({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/disks/${r.disks[0]?.name}$`,
      code: "InvalidDiskSize",
      message: "The disk size is not valid.",
    }),
  },
  {
    step: "cluster",
    code: "ReconcileVMSSAgentPoolFailed",
    fault: (r) => ({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/managedClusters/${r.cluster.name}$`,
      code: "ReconcileVMSSAgentPoolFailed",
      message: "VMSS failed.",
    }),
  },
  {
    step: "readiness",
    code: "AuthorizationFailed",
    fault: (r) => ({
      action: "error",
      method: "POST",
      pathPattern: `/managedClusters/${r.cluster.name}/listClusterUserCredential$`,
      status: 403,
      code: "AuthorizationFailed",
      message: "no access",
    }),
  },
  {
    step: "registryAccess",
    code: "PrincipalNotFound",
    fault: () => ({
      action: "error",
      method: "PUT",
      pathPattern: "/registries/[^/]+/providers/Microsoft.Authorization/roleAssignments/",
      status: 400,
      code: "PrincipalNotFound",
      message: "Principal does not exist.",
    }),
  },
];

// Transient faults at each stage: the SDK's retries, the orchestration's retry policy or a re-PUT absorb them.
const transient: { step: string; fault: (r: ReturnType<typeof aRequest>) => FaultRule }[] = [
  {
    step: "resourceGroup",
    fault: (r) => ({
      action: "error",
      method: "PUT",
      pathPattern: `/resourcegroups/${r.resourceGroup}$`,
      status: 500,
      code: "InternalServerError",
      count: 2,
    }),
  },
  {
    step: "network",
    fault: (r) => ({
      action: "error",
      method: "PUT",
      pathPattern: `/virtualNetworks/${r.network.vnetName}$`,
      status: 429,
      code: "TooManyRequests",
      count: 3,
    }),
  },
  {
    step: "registry",
    fault: (r) => ({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/registries/${r.registry.name}$`,
      code: "InternalServerError",
      message: "Backend down.",
      count: 1,
    }),
  },
  {
    step: "disk:",
    fault: (r) => ({
      action: "error",
      method: "PUT",
      pathPattern: `/disks/${r.disks[0]?.name}$`,
      status: 409,
      code: "OperationNotAllowed",
      message: "busy",
      count: 3,
    }),
  },
  {
    step: "cluster",
    fault: (r) => ({
      action: "lostResponse",
      method: "PUT",
      pathPattern: `/managedClusters/${r.cluster.name}$`,
      status: 502,
      code: "BadGateway",
      count: 1,
    }),
  },
  {
    step: "networkAccess",
    fault: () => ({
      action: "error",
      method: "PUT",
      pathPattern: "/subnets/[^/]+/providers/Microsoft.Authorization/roleAssignments/",
      status: 503,
      code: "ServiceUnavailable",
      count: 5,
    }),
  },
];

describe("provisioning under faults: permanent ones fail and roll back, transient ones are absorbed", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());
  afterEach(() => p.arm.control.clearFaults());

  for (const { step, code, fault } of permanent) {
    it(`a permanent ${code} at ${step} fails that step with Azure's code and rolls back to nothing tagged`, async () => {
      const request = aRequest("perm");
      await p.arm.control.addFault(fault(request));
      assert.equal((await p.api("POST", "clusters", request)).status, 202);
      const status = (await p.finished(request.requestId)) as Awaited<ReturnType<Provisioner["finished"]>> & {
        failure: { step: string; error: { code: string; message: string } };
        rollback: { deletedResourceIds: string[]; failures: unknown[] };
      };
      assert.equal(status.state, "rolledBack", JSON.stringify(status.rollback ?? status.failure));
      assert.ok(status.failure.step.startsWith(step), `failed at ${status.failure.step}`);
      assert.equal(status.failure.error.code, code);
      const failedStep = status.steps.find((s) => s.id === status.failure.step);
      assert.equal(failedStep?.state, "failed");
      assert.equal(failedStep?.error?.code, code);
      assert.ok(status.steps.filter((s) => s.state === "pending").length === 0, "nothing left pending");
      assert.deepEqual(await taggedWith(p, request.requestId), [], "nothing tagged with the request id is left");
      for (const s of status.steps.filter((x) => x.id.includes("Access") && x.resourceId))
        assert.equal(await exists(p, s.resourceId as string), false, `role assignment ${s.resourceId} was removed`);
      const events = p.eventsOf(request.requestId).map((e) => e.type);
      assert.ok(events.includes("cluster.provisioning.failed"));
      assert.equal(events.at(-1), "cluster.rolledback");
      assert.equal(events.includes("cluster.provisioned"), false);
    });
  }

  for (const { step, fault } of transient) {
    it(`a transient fault at ${step} is absorbed: the run succeeds`, async () => {
      const request = aRequest("tran");
      await p.arm.control.addFault(fault(request));
      assert.equal((await p.api("POST", "clusters", request)).status, 202);
      const status = await p.finished(request.requestId);
      assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
      const faults = await p.arm.control.faults();
      assert.ok(
        faults.every((f) => !f.count),
        `the fault was spent: ${JSON.stringify(faults)}`,
      );
    });
  }

  it("a registry whose operation failed transiently is written again (attempts: 2)", async () => {
    const request = aRequest("again");
    await p.arm.control.addFault({
      action: "failAsync",
      method: "PUT",
      pathPattern: `/registries/${request.registry.name}$`,
      code: "InternalServerError",
      message: "Backend down.",
      count: 1,
    });
    await p.api("POST", "clusters", request);
    const status = await p.finished(request.requestId);
    assert.equal(status.state, "succeeded");
    assert.equal(status.steps.find((s) => s.id === "registry")?.attempts, 2);
  });
});
