import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { settingNames } from "../../src/config.js";

// Azure sets identity-based forms; these are the secret-bearing or per-identity alternatives it leaves unset.
const notSetInAzure = new Set(["ServiceBusConnection", "AzureWebJobsStorage", "AZURE_CLIENT_ID", "WEBSITE_HOSTNAME"]);

it("infra/ sets every app setting under the name src/config.ts reads", () => {
  const main = readFileSync(new URL("../../infra/main.tf", import.meta.url), "utf8");
  const block = main.slice(main.indexOf("app_settings = {"));
  const terraformNames = new Set([...block.matchAll(/^\s+(\w+)\s+=/gm)].map((m) => m[1]));
  for (const name of settingNames) {
    if (notSetInAzure.has(name)) continue;
    assert.ok(terraformNames.has(name), `${name} is read by config.ts but not set in infra/main.tf`);
  }
  const known = new Set<string>([...settingNames, "AzureWebJobsStorage__accountName"]);
  for (const name of terraformNames) assert.ok(known.has(name as string), `infra sets ${name}, which nothing reads`);
});
