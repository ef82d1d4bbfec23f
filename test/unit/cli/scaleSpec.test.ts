import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseScaleSpecs } from "../../../cli/scaleSpec.js";

describe("parseScaleSpecs", () => {
  it("turns counts and min..max bounds into the scale body", () => {
    assert.deepEqual(parseScaleSpecs(["apps=3", "gpu=0..4"]), {
      ok: true,
      body: { pools: { apps: 3, gpu: { min: 0, max: 4 } } },
    });
  });

  it("reports every spec that is not pool=count or pool=min..max, by position", () => {
    const result = parseScaleSpecs(["apps=three", "ok=1", "=2", "gpu=1..", "x=1..2..3"]);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems.map((p) => p.path), ["[0]", "[2]", "[3]", "[4]"]);
  });

  it("refuses a pool named twice and an empty list", () => {
    const twice = parseScaleSpecs(["apps=1", "apps=2"]);
    assert.deepEqual(!twice.ok && twice.problems.map((p) => p.path), ["pools.apps"]);
    const none = parseScaleSpecs([]);
    assert.deepEqual(!none.ok && none.problems.map((p) => p.path), ["pools"]);
  });
});
