import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { statusResponseSchema } from "../../../src/request/apiSchemas.js";
import { plan, type RoleAssignmentWrite, validateClusterRequest } from "../../../src/request/index.js";
import { idsOf, loggedWrites } from "./armWrites.js";
import { Provisioner } from "./harness.js";

const example = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8"));

describe("provisioning end to end: HTTP → orchestration → sandbox ARM → events", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());

  it("provisions examples/dev-cluster.json to succeeded with its outputs, every step in the status", async () => {
    const body = example("dev-cluster.json");
    const res = await p.api("POST", "clusters", body);
    assert.equal(res.status, 202, await res.clone().text());
    const accepted = (await res.json()) as Record<string, string>;
    assert.equal(accepted.instanceId, "provision-CHG-2001");
    assert.equal(res.headers.get("location"), accepted.operationUrl);
    assert.ok(Number(res.headers.get("retry-after")) >= 1);

    const status = await p.finished("CHG-2001");
    assert.equal(status.state, "succeeded", JSON.stringify(status.failure));
    assert.ok(statusResponseSchema.safeParse(status).success, "the status matches the documented schema");
    assert.deepEqual(
      status.steps.map((s) => [s.id, s.state]),
      [
        ["resourceGroup", "succeeded"],
        ["network", "succeeded"],
        ["registry", "succeeded"],
        ["disk:team-dev-data", "succeeded"],
        ["cluster", "succeeded"],
        ["readiness", "succeeded"],
        ["networkAccess", "succeeded"],
        ["registryAccess", "succeeded"],
        ["diskAccess:team-dev-data", "succeeded"],
      ],
    );
    assert.ok(
      status.steps.every((s) => s.resourceId),
      "every step names its resource",
    );
    const outputs = status.outputs as Record<string, unknown> & {
      pools: { name: string; readyNodes: number; count: number }[];
    };
    assert.match(String(outputs.clusterId), /\/managedClusters\/team-dev$/);
    assert.match(String(outputs.fqdn), /\.hcp\.westeurope\.azmk8s\.io$/);
    assert.equal(outputs.nodeResourceGroup, "MC_rg-team-dev_team-dev_westeurope");
    assert.match(String(outputs.kubeletIdentityObjectId), /^[0-9a-f-]{36}$/);
    assert.equal(outputs.registryLoginServer, "teamdevacr2001.azurecr.io");
    assert.match(String(outputs.kubernetesVersion), /^1\.30\.\d+$/);
    assert.deepEqual(
      outputs.pools.map((pool) => [pool.name, pool.count, pool.readyNodes]),
      [
        ["system", 1, 1],
        ["apps", 2, 2],
      ],
    );
    assert.doesNotMatch(
      JSON.stringify(status),
      /kubeconfig|BEGIN CERTIFICATE|eyJ[\w-]{10,}\./i,
      "no secret in the status",
    );
  });

  it("writes to ARM exactly what plan() says, one PUT per planned resource", async () => {
    const validated = validateClusterRequest(example("dev-cluster.json"));
    assert.ok(validated.ok);
    const planned = plan(validated.request, { defaultSubscriptionId: p.arm.subscriptionId });
    const status = await p.status("CHG-2001");
    const roleIds = new Map(status.steps.map((s) => [s.id, s.resourceId]));
    const expected = planned.stages.flatMap((stage) =>
      stage.branches.flatMap((b) =>
        b.writes.map((w) =>
          w.kind === "roleAssignment" ? roleIds.get(b.name) : (w as Exclude<typeof w, RoleAssignmentWrite>).resourceId,
        ),
      ),
    );
    const writes = await loggedWrites(p.arm);
    assert.deepEqual(
      writes.filter((w) => !w.startsWith("PUT ")),
      [],
      "nothing but PUTs",
    );
    assert.deepEqual(idsOf(writes).sort(), expected.map((id) => String(id).toLowerCase()).sort());
  });

  it("publishes started, progress per step change and provisioned, in order, each once", async () => {
    const events = await waitForEvents(p, "CHG-2001", "cluster.provisioned");
    const types = events.map((e) => e.type);
    assert.equal(types[0], "cluster.provisioning.started");
    assert.equal(types.at(-1), "cluster.provisioned");
    assert.equal(types.filter((t) => t === "cluster.provisioned").length, 1);
    const progress = events.filter((e) => e.type === "cluster.provisioning.progress").map((e) => e.data);
    const sequences = progress.map((d) => Number(d.sequence));
    assert.deepEqual(
      sequences,
      [...sequences].sort((a, b) => a - b),
      "sequence numbers arrive in order",
    );
    assert.equal(new Set(events.map((e) => e.messageId)).size, events.length, "no duplicates");
    for (const step of [
      "resourceGroup",
      "network",
      "registry",
      "disk:team-dev-data",
      "cluster",
      "readiness",
      "registryAccess",
    ]) {
      const statuses = progress.filter((d) => d.step === step).map((d) => d.status);
      assert.equal(statuses[0], "started", step);
      assert.equal(statuses.at(-1), "succeeded", step);
    }
    const provisioned = events.at(-1)?.data as Record<string, unknown>;
    assert.equal(provisioned.registryLoginServer, "teamdevacr2001.azurecr.io");
    assert.equal((provisioned.nodePools as unknown[]).length, 2);
  });

  it("answers a repeat with the same run (200 once ended) and a changed body with 409 naming it", async () => {
    const same = await p.api("POST", "clusters", example("dev-cluster.json"));
    assert.equal(same.status, 200);
    assert.equal(((await same.json()) as { state: string }).state, "succeeded");
    const changed = example("dev-cluster.json");
    changed.nodePools[1].count = 3;
    const conflict = await p.api("POST", "clusters", changed);
    assert.equal(conflict.status, 409);
    const error = ((await conflict.json()) as { error: { code: string; target: string } }).error;
    assert.equal(error.code, "RequestIdInUse");
    assert.equal(error.target, "provision-CHG-2001");
    const writes = idsOf(await loggedWrites(p.arm));
    assert.equal(writes.filter((id) => id.endsWith("/managedclusters/team-dev")).length, 1, "no second cluster PUT");
  });

  it("provisions examples/minimal.json (defaults only) and answers the operation URL 202 → 200", async () => {
    const res = await p.api("POST", "clusters", example("minimal.json"));
    assert.equal(res.status, 202);
    const operation = String(res.headers.get("location"));
    const first = await fetch(operation, { headers: { "x-functions-key": p.key } });
    assert.ok([200, 202].includes(first.status));
    if (first.status === 202) assert.ok(first.headers.get("retry-after"));
    await p.finished("CHG-1001");
    const done = await fetch(operation, { headers: { "x-functions-key": p.key } });
    assert.equal(done.status, 200);
    const status = (await done.json()) as { state: string; steps: { id: string }[] };
    assert.equal(status.state, "succeeded");
    assert.deepEqual(
      status.steps.map((s) => s.id),
      ["resourceGroup", "cluster", "readiness"],
      "an AKS-managed VNet and no registry or disks: no dependencies, no role assignments",
    );
  });
});

async function waitForEvents(p: Provisioner, requestId: string, last: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const events = p.eventsOf(requestId);
    if (events.some((e) => e.type === last)) {
      await new Promise((r) => setTimeout(r, 200)); // anything published after it would arrive by now
      return p.eventsOf(requestId);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${last} for ${requestId}: ${p.eventsOf(requestId).map((e) => e.type)}`);
}
