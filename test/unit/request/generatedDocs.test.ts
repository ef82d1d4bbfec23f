import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { generatedDocs } from "../../../src/request/generatedDocs.js";

describe("generated docs", () => {
  const docs = generatedDocs();

  for (const [path, content] of Object.entries(docs)) {
    it(`${path} is up to date (else run: npm run docs:generate)`, () => {
      const committed = readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
      assert.equal(committed, content);
    });
  }

  it("is deterministic", () => {
    assert.deepEqual(generatedDocs(), docs);
  });

  it("the OpenAPI document routes to the request schema, the one error shape and the operation URL", () => {
    const openapi = JSON.parse(docs["docs/openapi.json"] ?? "{}");
    assert.equal(openapi.openapi, "3.1.0");
    const post = openapi.paths["/api/clusters"].post;
    assert.equal(post.requestBody.content["application/json"].schema.$ref, "#/components/schemas/ClusterRequest");
    for (const status of ["400", "409", "413", "415"])
      assert.equal(post.responses[status].content["application/json"].schema.$ref, "#/components/schemas/Error");
    assert.equal(
      openapi.paths["/api/clusters/{requestId}/operation"].get.responses["202"].description.length > 0,
      true,
    );
    assert.deepEqual(Object.keys(openapi.paths["/api/clusters/{requestId}"]).sort(), ["delete", "get"]);
    assert.ok(openapi.components.schemas.ClusterRequest.properties.nodePools);
  });

  it("the JSON Schema describes the input side with patterns and defaults", () => {
    const schema = JSON.parse(docs["docs/cluster-request.schema.json"] ?? "{}");
    assert.deepEqual(schema.required.sort(), ["cluster", "location", "nodePools", "requestId", "resourceGroup"]);
    assert.equal(schema.properties.cluster.properties.networkPlugin.default, "azure-overlay");
    assert.equal(schema.properties.nodePools.items.properties.name.pattern, "^[a-z][a-z0-9]{0,11}$");
    assert.ok(schema.properties.cluster.properties.name.description);
  });
});
