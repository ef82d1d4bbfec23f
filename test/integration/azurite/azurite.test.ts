import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { TableClient } from "@azure/data-tables";
import { type AzuriteSandbox, startAzurite } from "../../../sandbox/azurite/index.js";

let azurite: AzuriteSandbox;
before(async () => {
  azurite = await startAzurite();
});
after(() => azurite.stop());

it("serves tables to the real @azure/data-tables client through AzureWebJobsStorage", async () => {
  const table = TableClient.fromConnectionString(azurite.env.AzureWebJobsStorage as string, "clusters", {
    allowInsecureConnection: true,
  });
  await table.createTable();
  await table.upsertEntity({ partitionKey: "rg1", rowKey: "c1", requestId: "T-1" });
  const entity = await table.getEntity<{ requestId: string }>("rg1", "c1");
  assert.equal(entity.requestId, "T-1");
});
