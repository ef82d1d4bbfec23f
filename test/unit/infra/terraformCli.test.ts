import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { infraDir } from "./hcl.js";

// Runs the real Terraform where one is installed; the contract tests beside this one need none.
const version = spawnSync("terraform", ["version"], { encoding: "utf8" });
const noTerraform = version.error ? "no terraform binary on PATH" : false;
// init writes lock files and provider caches: it runs on a copy, never in the repository.
const dataDir = mkdtempSync(join(tmpdir(), "tf-infra-"));
const copy = join(dataDir, "infra");
after(() => rmSync(dataDir, { recursive: true, force: true }));
const modules = ["", "/modules/aks", "/modules/aks/examples/dev"];

const terraform = (cwd: string, args: string[], name: string) =>
  spawnSync("terraform", args, {
    cwd,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, TF_DATA_DIR: join(dataDir, name), TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
  });

describe("terraform", { skip: noTerraform }, () => {
  it("fmt -check: every .tf is formatted", () => {
    const fmt = terraform(infraDir, ["fmt", "-check", "-recursive", "-no-color"], "fmt");
    assert.equal(fmt.status, 0, `terraform fmt would change: ${fmt.stdout}${fmt.stderr}`);
  });

  for (const [i, module] of modules.entries()) {
    it(`validate infra${module || "/"}`, (t) => {
      cpSync(infraDir, copy, { recursive: true, filter: (src) => !src.includes(".terraform") });
      const dir = copy + module;
      const init = terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"], `m${i}`);
      if (init.status !== 0) {
        // No registry (offline machine) and no provider mirror: validate needs the provider schemas.
        const why = init.stderr.split("\n").find((l) => l.includes("Error")) ?? init.stderr.trim();
        t.skip(`terraform init could not install providers, validate skipped: ${why.trim()}`);
        return;
      }
      const validate = terraform(dir, ["validate", "-no-color"], `m${i}`);
      assert.equal(validate.status, 0, `${validate.stdout}${validate.stderr}`);
    });
  }
});
