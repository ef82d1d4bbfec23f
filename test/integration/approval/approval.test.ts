import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { statusResponseSchema } from "../../../src/request/apiSchemas.js";
import { waitFor } from "../../helpers/waitFor.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";
import { awaitingApproval, decide, endedIn, writesIn } from "./approvalHelpers.js";

describe("approval gate: approve, reject, expire, bad decisions", () => {
  let p: Provisioner;
  before(async () => {
    // Pools of D8 sizes and the Premium tier need an approval whatever the request says (the other tests use neither).
    p = await Provisioner.start({
      settings: { APPROVAL_REQUIRED_VM_SIZES: "Standard_E*,Standard_D8*", APPROVAL_REQUIRED_SKU_TIERS: "Premium" },
    });
  });
  after(() => p.stop());

  it("approve → provisioned: requested (with the estimate) → granted → started → … → provisioned", async () => {
    const request = { ...aRequest("appr"), approval: { required: true, timeoutHours: 1 } };
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    const waiting = await awaitingApproval(p, request.requestId);
    assert.ok(statusResponseSchema.safeParse(waiting).success, "the waiting status matches the documented schema");
    assert.deepEqual(waiting.approval?.reasons, ["the request asks for approval"]);
    assert.ok(waiting.steps.every((s) => s.state === "pending"));
    assert.deepEqual(await writesIn(p, request.resourceGroup), [], "nothing is written before the approval");
    const requested = p.eventsOf(request.requestId).find((e) => e.type === "cluster.approval.requested");
    const row = await waitFor(() => p.registry().read(request.requestId), 30_000);
    assert.equal(row?.state, "awaitingApproval", "the registry lists what waits for an approver");
    const estimate = requested?.data.estimate as { currency: string; monthly: { min: number }; lines: unknown[] };
    assert.equal(estimate.currency, "USD");
    assert.ok(estimate.monthly.min > 0 && estimate.lines.length > 0, JSON.stringify(estimate));
    const plan = requested?.data.plan as { nodePools: { name: string }[]; resources: { kind: string }[] };
    assert.deepEqual(
      plan.nodePools.map((pool) => pool.name),
      ["system", "apps"],
    );
    assert.ok(plan.resources.some((r) => r.kind === "managedCluster"));

    const accepted = await decide(
      p,
      request.requestId,
      "approve",
      { approver: "lead@contoso.com", comment: "ok" },
      202,
    );
    assert.equal(accepted.instanceId, `provision-${request.requestId}`);
    const done = await endedIn(p, request.requestId, ["succeeded", "failed", "rolledBack"]);
    assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    assert.equal(done.approval?.state, "granted");
    assert.equal(done.approval?.approver, "lead@contoso.com");

    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"), 30_000);
    const types = p.eventsOf(request.requestId).map((e) => e.type);
    const order = [
      "cluster.approval.requested",
      "cluster.approval.granted",
      "cluster.provisioning.started",
      "cluster.provisioned",
    ];
    assert.deepEqual(
      types.filter((t) => order.includes(t)),
      order,
    );
    assert.equal(
      p.eventsOf(request.requestId).find((e) => e.type === "cluster.approval.granted")?.data.approver,
      "lead@contoso.com",
    );

    // Decided: a second decision changes nothing.
    const again = await decide(p, request.requestId, "approve", { approver: "someone@contoso.com" }, 409);
    assert.equal((again.error as { code: string }).code, "NotAwaitingApproval");
  });

  it("a bad decision is 400 and leaves the run waiting; then a rejection ends it with zero ARM writes", async () => {
    const request = { ...aRequest("rej"), approval: { required: true, timeoutHours: 1 } };
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    await awaitingApproval(p, request.requestId);

    const missing = await decide(p, request.requestId, "approve", {}, 400);
    assert.deepEqual(
      (missing.error as { details: { path: string }[] }).details.map((d) => d.path),
      ["approver"],
    );
    const wrong = await decide(p, request.requestId, "approve", { approver: 7, verdict: "approve" }, 400);
    assert.deepEqual((wrong.error as { details: { path: string }[] }).details.map((d) => d.path).sort(), [
      "approver",
      "verdict",
    ]);
    const notJson = await p.api("POST", `clusters/${request.requestId}/approve`, "{not json");
    assert.equal(notJson.status, 400);
    const still = await p.status(request.requestId);
    assert.equal(still.state, "awaitingApproval");
    assert.ok(!p.eventsOf(request.requestId).some((e) => e.type === "cluster.approval.granted"));

    await decide(
      p,
      request.requestId,
      "reject",
      { approver: "lead@contoso.com", comment: "use the shared cluster" },
      202,
    );
    const done = await endedIn(p, request.requestId, ["rejected", "succeeded", "failed", "rolledBack"]);
    assert.equal(done.state, "rejected");
    assert.equal(done.approval?.comment, "use the shared cluster");
    assert.ok(done.steps.every((s) => s.state === "skipped"));
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.approval.rejected"), 30_000);
    const types = p.eventsOf(request.requestId).map((e) => e.type);
    assert.ok(!types.includes("cluster.provisioning.started"), types.join());
    assert.deepEqual(await writesIn(p, request.resourceGroup), [], "a rejected request writes nothing");
    await decide(p, request.requestId, "approve", { approver: "late@contoso.com" }, 409);
    await waitFor(async () => (await p.registry().read(request.requestId))?.state === "rejected", 30_000);
  });

  it("no decision before the timeout → expired, zero ARM writes", async () => {
    const request = { ...aRequest("exp"), approval: { required: true, timeoutHours: 0.001 } };
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    const done = await endedIn(p, request.requestId, ["expired", "rejected", "succeeded", "failed", "rolledBack"]);
    assert.equal(done.state, "expired");
    assert.equal(done.approval?.state, "expired");
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.approval.expired"), 30_000);
    const types = p.eventsOf(request.requestId).map((e) => e.type);
    assert.deepEqual(types, ["cluster.approval.requested", "cluster.approval.expired"]);
    assert.deepEqual(await writesIn(p, request.resourceGroup), []);
    await decide(p, request.requestId, "approve", { approver: "late@contoso.com" }, 409);
  });

  it("404 for an unknown request, 409 for a run that never asked", async () => {
    await decide(p, "CHG-nobody", "approve", { approver: "lead@contoso.com" }, 404);
    const request = aRequest("noask");
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    await waitFor(async () => (await p.status(request.requestId)).state !== "accepted", 30_000);
    const refused = await decide(p, request.requestId, "approve", { approver: "lead@contoso.com" }, 409);
    assert.equal((refused.error as { code: string }).code, "NotAwaitingApproval");
    assert.equal((await p.finished(request.requestId)).state, "succeeded");
  });

  it("the settings require an approval for a VM size pattern and a tier, with the setting's timeout", async () => {
    const request = aRequest("policy") as ReturnType<typeof aRequest> & {
      cluster: { skuTier?: string };
      nodePools: { vmSize: string }[];
    };
    request.cluster.skuTier = "Premium";
    (request.nodePools[1] as { vmSize: string }).vmSize = "Standard_D8s_v5";
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    const waiting = await awaitingApproval(p, request.requestId);
    assert.deepEqual(waiting.approval?.reasons, [
      "pool apps: Standard_D8s_v5 matches APPROVAL_REQUIRED_VM_SIZES (Standard_D8*)",
      "the Premium tier is in APPROVAL_REQUIRED_SKU_TIERS",
    ]);
    const requestedAt = Date.parse(String((waiting.approval as { requestedAt?: string }).requestedAt));
    assert.equal(
      Date.parse(String(waiting.approval?.expiresAt)) - requestedAt,
      72 * 3_600_000,
      "APPROVAL_TIMEOUT_HOURS",
    );
    const { lines = [] } = (waiting.approval?.estimate ?? {}) as { lines?: { name: string; meterName?: string }[] };
    assert.equal(lines.find((l) => l.name === "clusterTier")?.meterName, "Premium Long Term Support");
    assert.equal(lines.find((l) => l.name === "pool:apps")?.meterName, "D8s v5");
    await decide(p, request.requestId, "reject", { approver: "finance@contoso.com" }, 202);
    assert.equal((await endedIn(p, request.requestId, ["rejected", "succeeded", "failed"])).state, "rejected");
    assert.deepEqual(await writesIn(p, request.resourceGroup), []);
  });

  // Last: it restarts the devhost.
  it("the wait survives the host being killed (SIGKILL) and restarted; the approval then provisions once", async () => {
    const request = { ...aRequest("crash"), approval: { required: true, timeoutHours: 1 } };
    assert.equal((await p.api("POST", "clusters", request)).status, 202);
    const before = await awaitingApproval(p, request.requestId);
    await p.devhost.kill("SIGKILL");
    await p.startDevhost();
    const after = await awaitingApproval(p, request.requestId);
    assert.equal(after.approval?.expiresAt, before.approval?.expiresAt, "the same wait, not a new one");
    await decide(p, request.requestId, "approve", { approver: "lead@contoso.com" }, 202);
    assert.equal((await endedIn(p, request.requestId, ["succeeded", "failed", "rolledBack"])).state, "succeeded");
    await waitFor(() => p.eventsOf(request.requestId).some((e) => e.type === "cluster.provisioned"), 30_000);
    const count = (type: string) => p.eventsOf(request.requestId).filter((e) => e.type === type).length;
    assert.equal(count("cluster.approval.granted"), 1);
    assert.equal(count("cluster.provisioned"), 1);
  });
});
