import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { settingNames } from "../../../src/config.js";
import { blocks, infraDir, parseModule, resources } from "./hcl.js";

const infra = await parseModule(infraDir);
const [app] = Object.values(resources(infra, "azurerm_function_app_flex_consumption"));
const appSettings = (app?.app_settings ?? {}) as Record<string, string>;

// infra/README.md lists, under "Settings left to their defaults", each setting Terraform deliberately leaves unset.
function leftToDefault(): string[] {
  const readme = readFileSync(join(infraDir, "README.md"), "utf8");
  const section = readme.split(/^## Settings left to their defaults$/m)[1]?.split(/^## /m)[0] ?? "";
  return [...section.matchAll(/^- `(\w+)`/gm)].map((m) => m[1] as string);
}

// Read by the Functions host, not by src/config.ts: identity-based host storage names its account.
const hostSettings = new Set(["AzureWebJobsStorage__accountName"]);

it("every setting src/config.ts reads is set by infra/ under the same name, or documented as left to its default", () => {
  const documented = leftToDefault();
  for (const name of settingNames) {
    const set = name in appSettings;
    const left = documented.includes(name);
    assert.ok(set !== left, `${name}: ${set ? "set by Terraform and also listed" : "neither set nor listed"}`);
  }
  for (const name of documented) assert.ok(settingNames.includes(name as never), `README lists ${name}, unread`);
  for (const name of Object.keys(appSettings))
    assert.ok(
      settingNames.includes(name as never) || hostSettings.has(name),
      `infra sets ${name}, which nothing reads`,
    );
});

it("connections are identity-based: no connection string, key or SAS in any app setting", () => {
  assert.ok("ServiceBusConnection__fullyQualifiedNamespace" in appSettings);
  assert.ok("AzureWebJobsStorage__accountName" in appSettings);
  assert.ok(!("ServiceBusConnection" in appSettings) && !("AzureWebJobsStorage" in appSettings));
  for (const [name, value] of Object.entries(appSettings))
    assert.doesNotMatch(String(value), /AccountKey=|SharedAccessKey|primary_(access_)?key|connection_string/i, name);
  assert.equal(app?.storage_authentication_type, "SystemAssignedIdentity");
  const [storage] = Object.values(resources(infra, "azurerm_storage_account"));
  assert.equal(storage?.shared_access_key_enabled, false);
  const [namespace] = Object.values(resources(infra, "azurerm_servicebus_namespace"));
  assert.equal(namespace?.local_auth_enabled, false);
});

it("the Function App runs Node 22 on Flex Consumption", () => {
  assert.equal(app?.runtime_name, "node");
  assert.equal(app?.runtime_version, "22");
  const [plan] = Object.values(resources(infra, "azurerm_service_plan"));
  assert.equal(plan?.sku_name, "FC1");
});

it("every variable of infra/ has a description and a validation", () => {
  for (const [name, body] of Object.entries(blocks(infra, "variable"))) {
    assert.ok(body.description, `${name} has no description`);
    assert.ok(body.validation?.length, `${name} has no validation`);
  }
});

it("infra/ outputs the API base URL, queue and topic names, the principal id and the status page URL", () => {
  const outputs = blocks(infra, "output");
  for (const name of ["api_base_url", "requests_queue_name", "events_topic_name", "principal_id", "status_page_url"])
    assert.ok(name in outputs, `output ${name} missing`);
});
