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

// The sandbox broker's entities (sandbox/servicebus/config.json) are the ones infra/ creates in Azure.
it("sandbox/servicebus/config.json declares the queue and topic infra/ creates, with the same settings", () => {
  const main = readFileSync(new URL("../../infra/main.tf", import.meta.url), "utf8");
  const locals = (name: string) => new RegExp(`^\\s+${name}\\s+=\\s+"([^"]+)"`, "m").exec(main)?.[1];
  const block = (resource: string) => main.slice(main.indexOf(`resource "${resource}"`)).split(/\n}\n/)[0] ?? "";
  const attr = (text: string, name: string) => new RegExp(`^\\s+${name}\\s+=\\s+"?([^"\\n]+)"?`, "m").exec(text)?.[1];
  const config = JSON.parse(readFileSync(new URL("../../sandbox/servicebus/config.json", import.meta.url), "utf8"));
  const namespace = config.UserConfig.Namespaces[0];

  const queue = namespace.Queues.find((q: { Name: string }) => q.Name === locals("requests_queue"));
  assert.ok(queue, `queue ${locals("requests_queue")} missing from the sandbox config`);
  const tfQueue = block("azurerm_servicebus_queue");
  assert.deepEqual(
    {
      lock: queue.Properties.LockDuration,
      maxDelivery: String(queue.Properties.MaxDeliveryCount),
      duplicates: String(queue.Properties.RequiresDuplicateDetection),
      window: queue.Properties.DuplicateDetectionHistoryTimeWindow,
      deadLetterOnExpiry: String(queue.Properties.DeadLetteringOnMessageExpiration),
    },
    {
      lock: attr(tfQueue, "lock_duration"),
      maxDelivery: attr(tfQueue, "max_delivery_count"),
      duplicates: attr(tfQueue, "requires_duplicate_detection"),
      window: attr(tfQueue, "duplicate_detection_history_time_window"),
      deadLetterOnExpiry: attr(tfQueue, "dead_lettering_on_message_expiration"),
    },
  );

  const topic = namespace.Topics.find((t: { Name: string }) => t.Name === locals("events_topic"));
  assert.ok(topic, `topic ${locals("events_topic")} missing from the sandbox config`);
  const tfTopic = block("azurerm_servicebus_topic");
  assert.equal(
    topic.Properties.DuplicateDetectionHistoryTimeWindow,
    attr(tfTopic, "duplicate_detection_history_time_window"),
  );
  const subscribers = JSON.parse(/event_subscribers\s+=\s+(\[[^\]]*\])/.exec(main)?.[1] ?? "[]") as string[];
  const sandboxSubscriptions = topic.Subscriptions.map((s: { Name: string }) => s.Name);
  for (const name of subscribers) assert.ok(sandboxSubscriptions.includes(name), `subscription ${name} missing`);
});
