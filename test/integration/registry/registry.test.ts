import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ClusterRow } from "../../../src/request/clusterRow.js";
import { waitFor } from "../../helpers/waitFor.js";
import { apiErrorOf, finishedOperation, provisioned, startOperation } from "../operations/operationHelpers.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest } from "../provision/requests.js";

type Listed = ClusterRow & { links: { status: string } };
type Page = { value: Listed[]; nextLink?: string };

describe("the cluster registry, written by the orchestrations", () => {
  let p: Provisioner;
  let request: ReturnType<typeof aRequest>;
  before(async () => {
    p = await Provisioner.start();
    request = aRequest("registry");
  });
  after(() => p.stop());

  const rowOf = async (requestId: string, until: (row: ClusterRow) => boolean) => {
    let last: ClusterRow | undefined;
    return waitFor(
      async () => {
        last = await p.registry().read(requestId);
        return last && until(last) ? last : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50, message: () => `row of ${requestId}: ${JSON.stringify(last)}` },
    );
  };

  it("a provisioning over HTTP → the row: provisioned, the plan's resource ids, schedules, expiresAt", async () => {
    await provisioned(p, request);
    const status = await p.status(request.requestId);
    const row = await rowOf(request.requestId, (r) => r.state === "provisioned");
    const outputs = status.outputs as { clusterId: string; diskIds: string[] };
    assert.equal(row.owner, "dev.lead@contoso.com");
    assert.equal(row.resourceGroup, request.resourceGroup);
    assert.equal(row.clusterName, request.cluster.name);
    assert.equal(row.subscriptionId, p.arm.subscriptionId);
    assert.equal(row.resourceIds.cluster.toLowerCase(), outputs.clusterId.toLowerCase());
    assert.deepEqual(row.resourceIds.disks, outputs.diskIds);
    assert.match(row.resourceIds.registry ?? "", new RegExp(`/registries/${request.registry.name}$`, "i"));
    assert.match(
      row.resourceIds.virtualNetwork ?? "",
      new RegExp(`/virtualNetworks/${request.network.vnetName}$`, "i"),
    );
    assert.ok(row.resourceIds.subnet?.startsWith(`${row.resourceIds.virtualNetwork}/subnets/`));
    assert.deepEqual(
      row.schedules.map((s) => s.name),
      ["night-scale-down", "morning-scale-up"],
    );
    assert.equal(row.ttlHours, 720);
    assert.ok(row.provisionedAt);
    assert.equal(row.expiresAt, new Date(Date.parse(row.provisionedAt) + 720 * 3_600_000).toISOString());
    assert.equal(row.provisionInstanceId, `provision-${request.requestId}`);
    assert.equal(row.lastOperation?.kind, "provision");
    assert.equal(row.lastOperation?.state, "succeeded");
    assert.deepEqual(
      row.pools?.map((pool) => pool.name).sort(),
      (request.nodePools as { name: string }[]).map((pool) => pool.name).sort(),
    );
  });

  it("a stop → stopped with the stop as the last operation; a deprovision → deleted", async () => {
    const stop = await startOperation(p, "POST", `clusters/${request.requestId}/stop`);
    assert.equal((await finishedOperation(p, stop.operationUrl)).state, "succeeded");
    const stopped = await rowOf(request.requestId, (r) => r.state === "stopped");
    assert.equal(stopped.lastOperation?.kind, "stop");
    assert.equal(stopped.lastOperation?.operationId, stop.operationId);
    assert.equal(stopped.lastOperation?.instanceId, stop.instanceId);
    assert.equal(stopped.lastOperation?.state, "succeeded");
    assert.equal(stopped.lastOperation?.fromState, "provisioned");
    assert.ok((stopped.lastOperation?.endedAt ?? "") >= (stopped.lastOperation?.startedAt ?? "~"));

    const del = await startOperation(p, "DELETE", `clusters/${request.requestId}`);
    assert.equal((await finishedOperation(p, del.operationUrl)).state, "succeeded");
    const deleted = await rowOf(request.requestId, (r) => r.state === "deleted");
    assert.equal(deleted.lastOperation?.kind, "deprovision");
    assert.equal(deleted.lastOperation?.fromState, "stopped");
    // The rows' facts outlive the cluster: the registry says what was there.
    assert.equal(deleted.resourceIds.cluster, stopped.resourceIds.cluster);
  });

  it("GET /api/clusters filters by state, owner and resourceGroup, and pages with nextLink", async () => {
    // Five more rows, written by the orchestrations: provisionings with different owners and groups.
    const more = Array.from({ length: 5 }, (_, i) => {
      const r = aRequest(`list${i}`);
      r.requester = i % 2 === 0 ? "ana@contoso.com" : "bo@contoso.com";
      if (i >= 3) r.resourceGroup = `${request.resourceGroup}-shared`;
      return r;
    });
    // Two share a resource group: distinct VNet address spaces are not needed (one VNet per request name).
    await Promise.all(more.map((r) => provisioned(p, r)));
    for (const r of more) await rowOf(r.requestId, (row) => row.state === "provisioned");

    const list = async (query: string): Promise<Page> => {
      const res = await p.api("GET", `clusters${query}`);
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as Page;
    };
    const ids = (page: Page) => page.value.map((r) => r.requestId).sort();
    const mine = new Set(more.map((r) => r.requestId));

    assert.deepEqual(ids(await list("?state=deleted")), [request.requestId]);
    const provisionedIds = ids(await list("?state=provisioned&top=200"));
    assert.deepEqual(provisionedIds, [...mine].sort());
    assert.deepEqual(
      ids(await list(`?owner=${encodeURIComponent("bo@contoso.com")}`)),
      more
        .filter((r) => r.requester === "bo@contoso.com")
        .map((r) => r.requestId)
        .sort(),
    );
    const shared = ids(await list(`?resourceGroup=${request.resourceGroup}-shared&owner=ana%40contoso.com`));
    assert.deepEqual(shared, [more[4]?.requestId]);

    // 6 rows, top=2 → 3 pages, every row once, following nextLink as it is.
    const seen: string[] = [];
    let page = await list("?top=2");
    let pages = 1;
    for (;;) {
      assert.ok(page.value.length <= 2);
      for (const row of page.value) assert.equal(row.links.status, `${p.url}/api/clusters/${row.requestId}`);
      seen.push(...page.value.map((r) => r.requestId));
      if (!page.nextLink || pages > 10) break;
      assert.ok(new URL(page.nextLink).searchParams.get("top") === "2", "nextLink keeps the query");
      const res = await fetch(page.nextLink, { headers: { "x-functions-key": p.key } });
      assert.equal(res.status, 200);
      page = (await res.json()) as Page;
      pages++;
    }
    assert.deepEqual(seen.sort(), [request.requestId, ...mine].sort());
    assert.equal(pages, 3);
  });

  it("400 with a problem per bad parameter; a function key is required", async () => {
    const bad = await p.api("GET", "clusters?state=running&top=0&continuationToken=%25%25");
    assert.equal(bad.status, 400);
    const error = await apiErrorOf(bad);
    assert.equal(error.code, "InvalidRequest");
    assert.deepEqual(error.details?.map((d) => [d.path, d.code]).sort(), [
      ["continuationToken", "InvalidContinuationToken"],
      ["state", "InvalidState"],
      ["top", "InvalidParameter"],
    ]);
    const undecodable = await p.api("GET", "clusters?continuationToken=bm90LWpzb24");
    assert.equal(undecodable.status, 400, await undecodable.clone().text());
    assert.equal((await apiErrorOf(undecodable)).details?.[0]?.path, "continuationToken");
    const anonymous = await fetch(`${p.url}/api/clusters`);
    assert.equal(anonymous.status, 401);
    const withCode = await fetch(`${p.url}/api/clusters?state=deleted&code=${encodeURIComponent(p.key)}`);
    assert.equal(withCode.status, 200, "the key in the query (code) is not a filter");
  });
});
