import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { buildClusterEventMessage } from "../../../src/events/buildClusterEvent.js";
import { clusterEventTypes } from "../../../src/events/clusterEventTypes.js";
import { exampleEvents } from "./exampleEvents.js";

const doc = readFileSync(new URL("../../../docs/events.md", import.meta.url), "utf8");

describe("docs/events.md", () => {
  it("documents every catalogued event type in the catalogue table", () => {
    for (const type of Object.values(clusterEventTypes)) {
      assert.match(doc, new RegExp(`^\\| \`${type.replace(/\./g, "\\.")}\` +\\|`, "m"), type);
    }
  });

  it("shows, for each type, exactly the body the builder produces", () => {
    for (const input of Object.values(exampleEvents)) {
      const body = JSON.stringify(JSON.parse((buildClusterEventMessage(input).body as Buffer).toString()), null, 2);
      assert.ok(doc.includes(body), `example for ${input.type} is out of date`);
    }
  });
});
