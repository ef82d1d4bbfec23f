import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { uiFile } from "../../../src/functions/statusPage.js";

const UI = fileURLToPath(new URL("../../../src/ui/", import.meta.url));

describe("the status page's files (uiFile)", () => {
  it("maps the empty path to index.html and a name to its file in the folder", () => {
    assert.equal(uiFile("", UI), join(UI, "index.html"));
    assert.equal(uiFile("app.js", UI), join(UI, "app.js"));
  });

  it("refuses anything outside the folder or of an unserved type", () => {
    for (const path of [
      "../functions/statusPage.ts",
      "../../package.json",
      "../ui/../../local.settings.json",
      "/etc/passwd.js",
      "..\\..\\x.js",
      "a.js\0.html",
      "README.md",
      "x.ts",
      "../ui.js",
    ])
      assert.equal(uiFile(path, UI), undefined, path);
  });
});
