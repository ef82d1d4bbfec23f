import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkImports, type Manifest, type RuleName, scanImports } from "./importRules.js";

// A rule that cannot fail checks nothing: each case is a one-file repository with one import, and the
// checker must report exactly the expected rule (or nothing, for the allowed forms).
const manifests: Manifest[] = [
  { dir: "", dependencies: ["durable-functions", "zod", "@azure/arm-containerservice"], devDependencies: ["azurite"] },
  { dir: "test/fixtures/app", dependencies: ["durable-functions"], devDependencies: [] },
];

function rulesBroken(path: string, text: string): RuleName[] {
  return checkImports([{ path, text }], manifests).map((v) => v.rule);
}

describe("the import checker", () => {
  const cases: [string, string, string, RuleName[]][] = [
    // src/ never reaches the folders that are not deployed
    [
      "src → sandbox",
      "src/functions/a.ts",
      'import { startArmSandbox } from "../../sandbox/arm/index.js";',
      ["src-boundary"],
    ],
    ["src → test", "src/config.ts", 'import { freePort } from "../test/helpers/ports.js";', ["src-boundary"]],
    ["src → bench (type only still counts)", "src/a.ts", 'import type { X } from "../bench/x.js";', ["src-boundary"]],
    ["src → src", "src/functions/a.ts", 'import { loadConfig } from "../config.js";', []],
    // src/request is pure
    ["request → node:fs", "src/request/a.ts", 'import { readFileSync } from "node:fs";', ["request-pure"]],
    ["request → fs/promises", "src/request/a.ts", 'import { readFile } from "fs/promises";', ["request-pure"]],
    ["request → dynamic node:http", "src/request/a.ts", 'const h = await import("node:http");', ["request-pure"]],
    ["request → require child_process", "src/request/a.cjs", 'const cp = require("child_process");', ["request-pure"]],
    [
      "request → SDK client",
      "src/request/a.ts",
      'import { ContainerServiceClient } from "@azure/arm-containerservice";',
      ["request-pure"],
    ],
    ["request → a layer above", "src/request/a.ts", 'import { loadConfig } from "../config.js";', ["request-pure"]],
    [
      "request → SDK type (import type)",
      "src/request/a.ts",
      'import type { ManagedCluster } from "@azure/arm-containerservice";',
      [],
    ],
    [
      "request → SDK type ({ type })",
      "src/request/a.ts",
      'import { type ManagedCluster } from "@azure/arm-containerservice";',
      [],
    ],
    ["request → pure package", "src/request/a.ts", 'import { z } from "zod";', []],
    ["request → own file", "src/request/rules/a.ts", 'import { cidr } from "../cidr.js";', []],
    // src/orchestrators are deterministic
    [
      "orchestrator → activity module",
      "src/orchestrators/p.ts",
      'import { clusterActivities } from "../activities/cluster.js";',
      ["orchestrators-deterministic"],
    ],
    [
      "orchestrator → node:crypto",
      "src/orchestrators/p.ts",
      'import { randomUUID } from "node:crypto";',
      ["orchestrators-deterministic"],
    ],
    [
      "orchestrator → SDK",
      "src/orchestrators/p.ts",
      'import { ContainerServiceClient } from "@azure/arm-containerservice";',
      ["orchestrators-deterministic"],
    ],
    [
      "orchestrator → events (re-export)",
      "src/orchestrators/p.ts",
      'export { publish } from "../events/index.js";',
      ["orchestrators-deterministic"],
    ],
    [
      "orchestrator → activity types",
      "src/orchestrators/p.ts",
      'import type { ClusterInput } from "../activities/cluster.js";',
      [],
    ],
    ["orchestrator → durable-functions", "src/orchestrators/p.ts", 'import * as df from "durable-functions";', []],
    ["orchestrator → src/request", "src/orchestrators/p.ts", 'import { plan } from "../request/index.js";', []],
    [
      "orchestrator → own file",
      "src/orchestrators/p.ts",
      'import { defineActivity } from "./activityDefinitions.js";',
      [],
    ],
    // packages are declared where they are used
    ["src → devDependency", "src/functions/a.ts", 'import { x } from "azurite";', ["declared-packages"]],
    ["sandbox → undeclared", "sandbox/arm/a.ts", 'import leftPad from "left-pad";', ["declared-packages"]],
    ["test → undeclared type", "test/unit/a.ts", 'type T = import("left-pad").Options;', ["declared-packages"]],
    ["nested package.json governs", "test/fixtures/app/f.js", 'import { z } from "zod";', ["declared-packages"]],
    ["sandbox → devDependency", "sandbox/azurite/a.ts", 'import { x } from "azurite";', []],
    ["scoped subpath", "src/a.ts", 'import { x } from "@azure/arm-containerservice/sub";', []],
    ["built-ins need no declaration", "scripts/a.mjs", 'import { spawn } from "node:child_process";', []],
  ];
  for (const [name, path, text, expected] of cases) {
    it(name, () => assert.deepEqual(rulesBroken(path, text), expected));
  }

  it("reports file, line and specifier", () => {
    const [v] = checkImports([{ path: "src/a.ts", text: '\n\nimport "../sandbox/x.js";\n' }], manifests);
    assert.deepEqual(v && [v.file, v.line, v.specifier], ["src/a.ts", 3, "../sandbox/x.js"]);
  });

  it("tells type-only forms from ones that load the module", () => {
    const text = [
      'import type { A } from "a";',
      'import { type B, C } from "b";',
      'import "c";',
      'export type * from "d";',
      'export * from "e";',
      'import f = require("f");',
      'let g: typeof import("g");',
      "const h = require(name);", // computed: not reported
    ].join("\n");
    assert.deepEqual(
      scanImports("x.ts", text).map((r) => [r.specifier, r.typeOnly]),
      [
        ["a", true],
        ["b", false],
        ["c", false],
        ["d", true],
        ["e", false],
        ["f", false],
        ["g", true],
      ],
    );
  });
});
