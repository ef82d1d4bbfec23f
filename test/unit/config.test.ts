import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { isConfigError, loadConfig, settingNames } from "../../src/config.js";

const minimal = {
  AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000001",
  ServiceBusConnection: "Endpoint=sb://localhost;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true;",
  AzureWebJobsStorage: "UseDevelopmentStorage=true",
};

function problemsOf(env: Record<string, string>): { setting: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(isConfigError(e));
    return e.problems;
  }
  assert.fail("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies defaults to a minimal environment", () => {
    const config = loadConfig(minimal);
    assert.equal(config.arm.endpoint, "https://management.azure.com");
    assert.equal(config.serviceBus.requestsQueueName, "cluster-requests");
    assert.equal(config.serviceBus.eventsTopicName, "cluster-events");
    assert.equal(config.storage.clusterTableName, "clusters");
    assert.equal(config.scheduleTimer, "0 */5 * * * *");
    assert.deepEqual(config.defaults.tags, {});
    assert.ok("connectionString" in config.serviceBus);
  });

  it("accepts identity-based Service Bus and storage instead of secrets", () => {
    const config = loadConfig({
      AZURE_SUBSCRIPTION_ID: minimal.AZURE_SUBSCRIPTION_ID,
      ServiceBusConnection__fullyQualifiedNamespace: "contoso.servicebus.windows.net",
      AzureWebJobsStorage__tableServiceUri: "https://contoso.table.core.windows.net",
    });
    assert.deepEqual(
      { ns: "fullyQualifiedNamespace" in config.serviceBus, table: "tableServiceUri" in config.storage },
      { ns: true, table: true },
    );
  });

  it("names every missing or invalid setting at once", () => {
    const problems = problemsOf({
      ARM_ENDPOINT: "http://insecure.example",
      SCHEDULE_TIMER: "*/5 * * * *",
      DEFAULT_TAGS: "[1]",
      DEFAULT_LOCATION: "East US",
      POLL_INTERVAL_SECONDS: "0",
    });
    const settings = problems.map((p) => p.setting).sort();
    assert.deepEqual(settings, [
      "ARM_ENDPOINT",
      "AZURE_SUBSCRIPTION_ID",
      "AzureWebJobsStorage",
      "DEFAULT_LOCATION",
      "DEFAULT_TAGS",
      "POLL_INTERVAL_SECONDS",
      "SCHEDULE_TIMER",
      "ServiceBusConnection",
    ]);
    assert.match(problems.find((p) => p.setting === "AZURE_SUBSCRIPTION_ID")?.message ?? "", /required/);
  });

  it("reads DEFAULT_TAGS as a JSON object of strings, and says so when it is not", () => {
    assert.deepEqual(loadConfig({ ...minimal, DEFAULT_TAGS: '{"team":"platform"}' }).defaults.tags, {
      team: "platform",
    });
    for (const bad of ["{not json", '{"n":1}']) {
      const [problem] = problemsOf({ ...minimal, DEFAULT_TAGS: bad });
      assert.equal(problem?.setting, "DEFAULT_TAGS");
      assert.match(problem?.message ?? "", /JSON object of strings/, bad);
    }
  });

  it("says 'is required' only of settings that are absent, not of wrong-typed ones", () => {
    const [problem] = problemsOf({ ...minimal, POLL_INTERVAL_SECONDS: "soon" });
    assert.equal(problem?.setting, "POLL_INTERVAL_SECONDS");
    assert.doesNotMatch(problem?.message ?? "", /required/);
  });

  it("reads the approval settings as lists, and names a bad pattern or tier", () => {
    const config = loadConfig({
      ...minimal,
      APPROVAL_REQUIRED_VM_SIZES: " Standard_NC*, Standard_ND* ",
      APPROVAL_REQUIRED_SKU_TIERS: "Premium",
      APPROVAL_TIMEOUT_HOURS: "0.5",
    });
    assert.deepEqual(config.approval, {
      requiredVmSizes: ["Standard_NC*", "Standard_ND*"],
      requiredSkuTiers: ["Premium"],
      timeoutHours: 0.5,
    });
    assert.deepEqual(loadConfig(minimal).approval, { requiredVmSizes: [], requiredSkuTiers: [], timeoutHours: 72 });
    assert.equal(loadConfig(minimal).retailPricesEndpoint, "https://prices.azure.com");
    assert.deepEqual(
      problemsOf({ ...minimal, APPROVAL_REQUIRED_VM_SIZES: "Standard NC", APPROVAL_REQUIRED_SKU_TIERS: "Gold" })
        .map((p) => p.setting)
        .sort(),
      ["APPROVAL_REQUIRED_SKU_TIERS", "APPROVAL_REQUIRED_VM_SIZES"],
    );
  });

  it("treats blank settings as unset", () => {
    const problems = problemsOf({ ...minimal, AZURE_SUBSCRIPTION_ID: "  " });
    assert.deepEqual(
      problems.map((p) => p.setting),
      ["AZURE_SUBSCRIPTION_ID"],
    );
  });

  it("is documented in local.settings.example.json, setting for setting", () => {
    const example = JSON.parse(readFileSync(new URL("../../local.settings.example.json", import.meta.url), "utf8"));
    for (const name of settingNames)
      assert.ok(name in example.Values, `${name} missing from local.settings.example.json`);
  });
});
