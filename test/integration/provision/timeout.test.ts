import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Provisioner } from "./harness.js";
import { aRequest } from "./requests.js";

describe("a provisioning that outlives PROVISION_TIMEOUT_MINUTES", () => {
  let p: Provisioner;
  before(async () => {
    // 0.05 minutes = 3 s; the cluster takes ten minutes.
    p = await Provisioner.start({
      arm: { durationsMs: { clusterCreate: 600_000 } },
      settings: { PROVISION_TIMEOUT_MINUTES: "0.05" },
    });
  });
  after(() => p.stop());

  it("fails with ProvisioningTimeout and the ARM state seen last, keeping what exists (onFailure: keep)", async () => {
    const request = { ...aRequest("slow"), onFailure: "keep" };
    await p.api("POST", "clusters", request);
    const status = (await p.finished(request.requestId, 30_000)) as Awaited<ReturnType<Provisioner["finished"]>> & {
      failure: { step: string; error: { code: string; message: string } };
      rollback?: unknown;
    };
    assert.equal(status.state, "failed");
    assert.equal(status.failure.step, "cluster");
    assert.equal(status.failure.error.code, "ProvisioningTimeout");
    assert.match(status.failure.error.message, /ARM last reported (Creating|InProgress)/);
    assert.equal(status.rollback, undefined, "keep means no rollback");
    const cluster = await p
      .sdkClients()
      .containerService.managedClusters.get(request.resourceGroup, request.cluster.name);
    assert.equal(cluster.provisioningState, "Creating", "Azure goes on; our timeout is not ARM's failure");
    const failed = p.eventsOf(request.requestId).find((e) => e.type === "cluster.provisioning.failed");
    assert.ok(failed, "cluster.provisioning.failed was published");
    assert.equal((failed.data.error as { code: string }).code, "ProvisioningTimeout");
    assert.equal(failed.data.rollbackRequested, false);
  });
});
