import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

// The flag is wired: the real CLI prints what infra/modules/aks/examples/dev commits (test/unit/infra checks that
// file against the mapping), and an invalid request exits 2 without printing tfvars.
it("plan --terraform prints the module's tfvars; an invalid request exits 2", () => {
  const stateDir = mkdtempSync(join(tmpdir(), "cli-state-"));
  try {
    const { AZURE_SUBSCRIPTION_ID: _, ...env } = process.env;
    const run = (file: string) =>
      spawnSync(process.execPath, ["cli/bin.mjs", "--state-dir", stateDir, "plan", "--terraform", file], {
        cwd: root,
        encoding: "utf8",
        env,
      });
    const ok = run("examples/dev-cluster.json");
    assert.equal(ok.status, 0, ok.stderr);
    const committed = readFileSync(join(root, "infra/modules/aks/examples/dev/dev-cluster.tfvars.json"), "utf8");
    assert.deepEqual(JSON.parse(ok.stdout), JSON.parse(committed));

    const bad = run("package.json");
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout.includes("node_pools"), false);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
