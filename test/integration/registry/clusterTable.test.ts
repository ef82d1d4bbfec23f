import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TableClient } from "@azure/data-tables";
import { type AzuriteSandbox, startAzurite } from "../../../sandbox/azurite/index.js";
import { type ClusterTable, clusterTableOn } from "../../../src/activities/clusterTable.js";
import type { ClusterRow } from "../../../src/request/clusterRow.js";

let azurite: AzuriteSandbox;
before(async () => {
  azurite = await startAzurite();
});
after(() => azurite.stop());

function tableNamed(name: string, onConflict?: (status: number) => void): ClusterTable {
  const client = TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
  return clusterTableOn(client, { maxAttempts: 200, ...(onConflict ? { onConflict } : {}) });
}

function aRow(requestId: string, facts: Partial<ClusterRow> = {}): ClusterRow {
  return {
    requestId,
    subscriptionId: "11111111-2222-3333-4444-555555555555",
    resourceGroup: "rg-a",
    clusterName: `c-${requestId}`,
    location: "westeurope",
    specHash: "h",
    state: "provisioned",
    resourceIds: {
      cluster: `/subscriptions/x/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters/c-${requestId}`,
      disks: [],
    },
    schedules: [],
    provisionInstanceId: `provision-${requestId}`,
    updatedAt: "2026-12-02T10:00:00.000Z",
    ...facts,
  };
}

describe("cluster table on Azurite", () => {
  it("20 concurrent updates of one row lose nothing (the ETag path retried)", async () => {
    const conflicts: number[] = [];
    const table = tableNamed("concurrent", (status) => conflicts.push(status));
    // Each writer adds a distinct disk id to the same row; a blind overwrite would drop some.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        table.update("CHG-1", (row) => {
          const base = row ?? aRow("CHG-1");
          return { ...base, resourceIds: { ...base.resourceIds, disks: [...base.resourceIds.disks, `disk-${i}`] } };
        }),
      ),
    );
    const row = await table.read("CHG-1");
    assert.deepEqual(
      [...(row?.resourceIds.disks ?? [])].sort(),
      Array.from({ length: 20 }, (_, i) => `disk-${i}`).sort(),
    );
    assert.ok(conflicts.length > 0, "no writer lost a race: the ETag path was not exercised");
    assert.ok(conflicts.every((s) => s === 412 || s === 409));
  });

  it("a mutation that returns nothing writes nothing", async () => {
    const table = tableNamed("nochange");
    await table.update("CHG-2", () => aRow("CHG-2"));
    const before = await table.read("CHG-2");
    const kept = await table.update("CHG-2", () => undefined);
    assert.deepEqual(kept, before);
    assert.equal(await table.read("CHG-3"), undefined);
  });

  it("lists by state, owner and resource group, and pages with continuation tokens", async () => {
    const table = tableNamed("listing");
    const rows = [
      aRow("R-1", { owner: "ana", state: "provisioned" }),
      aRow("R-2", { owner: "ana", state: "stopped" }),
      aRow("R-3", { owner: "bo", state: "provisioned", resourceGroup: "rg-b" }),
      aRow("R-4", { owner: "bo", state: "deleted", resourceGroup: "rg-b" }),
      aRow("R-5", { owner: "ana", state: "provisioned", resourceGroup: "rg-b" }),
    ];
    for (const row of rows) await table.update(row.requestId, () => row);
    const ids = (page: { rows: ClusterRow[] }) => page.rows.map((r) => r.requestId).sort();
    assert.deepEqual(ids(await table.list({ state: "provisioned" })), ["R-1", "R-3", "R-5"]);
    assert.deepEqual(ids(await table.list({ state: ["stopped", "deleted"] })), ["R-2", "R-4"], "any of several states");
    assert.deepEqual(ids(await table.list({ owner: "bo" })), ["R-3", "R-4"]);
    assert.deepEqual(ids(await table.list({ resourceGroup: "rg-b", owner: "ana" })), ["R-5"]);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await table.list({}, { maxPageSize: 2, ...(token ? { continuationToken: token } : {}) });
      assert.ok(page.rows.length <= 2);
      seen.push(...page.rows.map((r) => r.requestId));
      token = page.continuationToken;
      pages++;
    } while (token && pages < 10);
    assert.deepEqual(seen.sort(), rows.map((r) => r.requestId).sort());
    assert.equal(pages, 3);
  });
});
