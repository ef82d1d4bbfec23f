import assert from "node:assert/strict";
import { it } from "node:test";
import { CLUSTER_LIST_TOP, parseClusterListQuery } from "../../../src/request/clusterListQuery.js";

const parse = (query: string) => {
  const params = new URLSearchParams(query);
  return parseClusterListQuery((name) => params.get(name));
};

it("reads the filters, top and the token; ignores other parameters such as the function key", () => {
  const parsed = parse(
    "state=stopped&owner=ana%40contoso.com&resourceGroup=rg-a&top=7&continuationToken=eyJhIjoxfQ==&code=k",
  );
  assert.deepEqual(parsed, {
    ok: true,
    query: {
      filter: { state: "stopped", owner: "ana@contoso.com", resourceGroup: "rg-a" },
      top: 7,
      continuationToken: "eyJhIjoxfQ==",
    },
  });
  assert.deepEqual(parse(""), { ok: true, query: { filter: {}, top: CLUSTER_LIST_TOP.default } });
});

it("names every bad parameter: an unknown state, top out of range or not a number, a token that is not base64", () => {
  const parsed = parse(
    `state=running&top=${CLUSTER_LIST_TOP.max + 1}&continuationToken=${encodeURIComponent("{x}")}&owner=`,
  );
  assert.equal(parsed.ok, false);
  assert.deepEqual(!parsed.ok && parsed.problems.map((p) => [p.path, p.code]), [
    ["state", "InvalidState"],
    ["owner", "InvalidParameter"],
    ["top", "InvalidParameter"],
    ["continuationToken", "InvalidContinuationToken"],
  ]);
  for (const top of ["0", "1.5", "-1", "ten"]) assert.equal(parse(`top=${top}`).ok, false, top);
  assert.match(!parsed.ok ? (parsed.problems[0]?.message ?? "") : "", /provisioning, provisioned, failed/);
});
