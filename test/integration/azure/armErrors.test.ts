import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sandboxCredential } from "../../../sandbox/arm/index.js";
import { type ArmFailure, classifyArmError } from "../../../src/azure/armErrors.js";
import { clientsFor, fastPoll, uniqueName, useSandbox } from "../arm/fixtures.js";

// What the real SDKs throw, from the ARM sandbox over HTTPS, classified as the activities will see it.
async function failureOf(call: () => Promise<unknown>): Promise<ArmFailure> {
  try {
    await call();
  } catch (error) {
    return classifyArmError(error);
  }
  assert.fail("expected the call to fail");
}

const pick = (f: ArmFailure) => ({ kind: f.kind, code: f.code, retryable: f.retryable });

describe("classifyArmError on the SDKs' own errors from the ARM sandbox", () => {
  const arm = useSandbox();

  it("a missing resource group is notFound", async () => {
    const f = await failureOf(() => arm.clients.resources.resourceGroups.get(uniqueName("missing")));
    assert.deepEqual(pick(f), { kind: "notFound", code: "ResourceGroupNotFound", retryable: false });
    assert.equal(f.statusCode, 404);
  });

  it("a request ARM rejects is invalid, with ARM's code", async () => {
    const f = await failureOf(() =>
      arm.createCluster(uniqueName("c"), {
        agentPoolProfiles: [{ name: "user", mode: "User", count: 1, vmSize: "Standard_D2s_v5", osType: "Linux" }],
      }),
    );
    assert.deepEqual(pick(f), { kind: "invalid", code: "MustDefineAtLeastOneSystemPool", retryable: false });
  });

  it("429 without the SDK's own retry is throttled and retryable", async () => {
    await arm.sandbox.control.throttle({ reads: { burst: 1, perSecond: 0.001 } });
    try {
      const clients = clientsFor(arm.sandbox, sandboxCredential(), { retryOptions: { maxRetries: 0 } });
      await clients.resources.resourceGroups.get(arm.rg).catch(() => {});
      const f = await failureOf(() => clients.resources.resourceGroups.get(arm.rg));
      assert.deepEqual(pick(f), { kind: "throttled", code: "SubscriptionRequestsThrottled", retryable: true });
    } finally {
      await arm.sandbox.control.throttle({ reads: { burst: 250, perSecond: 25 } });
    }
  });

  it("quota refused at once (RestError) and quota failing the operation later (plain Error) are both quota", async () => {
    try {
      await arm.sandbox.control.quota({ regionalVcpus: 1, failure: "sync" });
      const sync = await failureOf(() => arm.createCluster(uniqueName("c")));
      await arm.sandbox.control.quota({ regionalVcpus: 1, failure: "async" });
      const late = await failureOf(() => arm.createCluster(uniqueName("c")));
      assert.deepEqual(
        [pick(sync), pick(late)],
        [
          { kind: "quota", code: "QuotaExceeded", retryable: false },
          { kind: "quota", code: "QuotaExceeded", retryable: false },
        ],
      );
      assert.equal(late.statusCode, undefined, "an async failure has no HTTP status");
    } finally {
      await arm.sandbox.control.quota({ regionalVcpus: 100, failure: "sync" });
    }
  });

  it("409 while another operation runs on the cluster is busy and retryable", async () => {
    await arm.sandbox.control.settings({ profile: "fast" });
    await arm.sandbox.control.clock({ freeze: true });
    try {
      const name = uniqueName("c");
      await arm.createCluster(name).submitted();
      const f = await failureOf(() =>
        arm.clients.containerService.agentPools.createOrUpdate(
          arm.rg,
          name,
          "user",
          { count: 1, vmSize: "Standard_D2s_v5", mode: "User" },
          fastPoll,
        ),
      );
      assert.deepEqual(pick(f), { kind: "busy", code: "OperationNotAllowed", retryable: true });
    } finally {
      await arm.sandbox.control.clock({ freeze: false });
      await arm.sandbox.control.settings({ profile: "instant" });
    }
  });

  it("an injected 503 that outlasts the SDK's retries is transient", async () => {
    await arm.sandbox.control.addFault({ action: "error", method: "GET", status: 503, code: "ServiceUnavailable" });
    try {
      const f = await failureOf(() => arm.clients.resources.resourceGroups.get(arm.rg));
      assert.deepEqual(pick(f), { kind: "transient", code: "ServiceUnavailable", retryable: true });
    } finally {
      await arm.sandbox.control.clearFaults();
    }
  });
});
