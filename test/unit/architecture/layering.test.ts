import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { checkImports, loadRepository, type RuleName } from "./importRules.js";

// The rules of docs/architecture.md §5 over the repository as it is. checker.test.ts proves each can fail.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const { files, manifests } = loadRepository(root);
const violations = checkImports(files, manifests);

function assertNone(rule: RuleName) {
  const found = violations.filter((v) => v.rule === rule);
  assert.deepEqual(
    found.map((v) => `${v.file}:${v.line} imports "${v.specifier}": ${v.message}`),
    [],
    `${found.length} import(s) break the ${rule} rule`,
  );
}

describe("import rules (docs/architecture.md §5)", () => {
  it("reads the folders it checks", () => {
    // A loader that found nothing would pass every rule below.
    for (const folder of ["src/request/", "src/functions/", "sandbox/", "test/", "bench/", "scripts/"]) {
      assert.ok(
        files.some((f) => f.path.startsWith(folder)),
        `no source file found under ${folder}`,
      );
    }
    assert.ok(
      manifests.some((m) => m.dir === "test/fixtures/devhost-app"),
      "the fixture app's own package.json was not found",
    );
  });

  it("src/ imports nothing from sandbox/, test/, bench/, scripts/ or cli/", () => assertNone("src-boundary"));
  it("src/request does no I/O: only pure built-ins and packages, SDK types via import type", () =>
    assertNone("request-pure"));
  it("src/orchestrators load only durable-functions, src/request and their own files", () =>
    assertNone("orchestrators-deterministic"));
  it("every package imported is declared (src/: dependencies only)", () => assertNone("declared-packages"));
});
