import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { colourWanted } from "../../../cli/colours.js";

describe("colourWanted", () => {
  it("colours a terminal, not a pipe, even when CI is set", () => {
    assert.equal(colourWanted({}, true), true);
    assert.equal(colourWanted({}, false), false);
    assert.equal(colourWanted({ CI: "true" }, false), false);
  });

  it("lets FORCE_COLOR and NO_COLOR decide, and a dumb terminal stays plain", () => {
    assert.equal(colourWanted({ FORCE_COLOR: "1" }, false), true);
    assert.equal(colourWanted({ FORCE_COLOR: "0" }, true), false);
    assert.equal(colourWanted({ NO_COLOR: "1" }, true), false);
    assert.equal(colourWanted({ TERM: "dumb" }, true), false);
  });
});
