import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { infraDir, locals, parseModule, repoRoot, resources, tf } from "./hcl.js";

// sandbox/servicebus/config.json is what the sandbox broker creates; infra/ must create the same in Azure.
const config = JSON.parse(readFileSync(join(repoRoot, "sandbox/servicebus/config.json"), "utf8"));
const namespace = config.UserConfig.Namespaces[0];
const infra = await parseModule(infraDir);
const local = locals(infra);
// `${local.x}` → its value, so names may be written either way.
const value = (v: unknown) => {
  const ref = typeof v === "string" ? /^\$\{local\.(\w+)\}$/.exec(v)?.[1] : undefined;
  return ref ? local[ref] : v;
};

it("the request queue has the sandbox's name and properties", () => {
  const [queue] = Object.values(resources(infra, "azurerm_servicebus_queue"));
  const sandbox = namespace.Queues.find((q: { Name: string }) => q.Name === value(queue?.name));
  assert.ok(sandbox, `queue ${value(queue?.name)} is not in the sandbox config`);
  const p = sandbox.Properties;
  assert.deepEqual(
    {
      lock_duration: queue?.lock_duration,
      max_delivery_count: queue?.max_delivery_count,
      default_message_ttl: queue?.default_message_ttl,
      requires_duplicate_detection: queue?.requires_duplicate_detection,
      requires_session: queue?.requires_session,
      duplicate_detection_history_time_window: queue?.duplicate_detection_history_time_window,
      dead_lettering_on_message_expiration: queue?.dead_lettering_on_message_expiration,
    },
    {
      lock_duration: p.LockDuration,
      max_delivery_count: p.MaxDeliveryCount,
      default_message_ttl: p.DefaultMessageTimeToLive,
      requires_duplicate_detection: p.RequiresDuplicateDetection,
      requires_session: p.RequiresSession,
      duplicate_detection_history_time_window: p.DuplicateDetectionHistoryTimeWindow,
      dead_lettering_on_message_expiration: p.DeadLetteringOnMessageExpiration,
    },
  );
});

const [topic] = Object.values(resources(infra, "azurerm_servicebus_topic"));
const sandboxTopic = namespace.Topics.find((t: { Name: string }) => t.Name === value(topic?.name));

it("the events topic has the sandbox's name and properties", () => {
  assert.ok(sandboxTopic, `topic ${value(topic?.name)} is not in the sandbox config`);
  const p = sandboxTopic.Properties;
  assert.deepEqual(
    [topic?.default_message_ttl, topic?.requires_duplicate_detection, topic?.duplicate_detection_history_time_window],
    [p.DefaultMessageTimeToLive, p.RequiresDuplicateDetection, p.DuplicateDetectionHistoryTimeWindow],
  );
});

it("the topic's subscriptions are the sandbox's, with the same properties (absent = Azure's default)", () => {
  const subscription = resources(infra, "azurerm_servicebus_subscription").events;
  assert.equal(subscription?.for_each, tf("local.event_subscriptions"));
  const declared = local.event_subscriptions as Record<string, Record<string, unknown>>;
  const expected = Object.fromEntries(
    sandboxTopic.Subscriptions.map((s: { Name: string; Properties: Record<string, unknown> }) => [
      s.Name,
      {
        lock_duration: s.Properties.LockDuration,
        max_delivery_count: s.Properties.MaxDeliveryCount,
        dead_lettering_on_message_expiration: s.Properties.DeadLetteringOnMessageExpiration ?? false,
      },
    ]),
  );
  assert.deepEqual(declared, expected);
  for (const attr of ["lock_duration", "max_delivery_count", "dead_lettering_on_message_expiration"])
    assert.equal(subscription?.[attr], `\${each.value.${attr}}`);
});

it("the filtered subscription's rules are the sandbox's, and its $Default rule is deleted after them", () => {
  const rules = Object.values(resources(infra, "azurerm_servicebus_subscription_rule"));
  type SandboxRule = {
    Name: string;
    Properties: {
      FilterType: string;
      CorrelationFilter?: { Properties: object };
      SqlFilter?: { SqlExpression: string };
    };
  };
  const filtered = sandboxTopic.Subscriptions.filter((s: { Rules?: unknown[] }) => s.Rules);
  const expected = filtered.flatMap((s: { Name: string; Rules: SandboxRule[] }) =>
    s.Rules.map((r) => ({
      subscription: `\${azurerm_servicebus_subscription.events["${s.Name}"].id}`,
      name: r.Name,
      filter_type: `${r.Properties.FilterType}Filter`,
      filter: r.Properties.CorrelationFilter?.Properties ?? r.Properties.SqlFilter?.SqlExpression,
    })),
  );
  const actual = rules.map((r) => ({
    subscription: r.subscription_id,
    name: r.name,
    filter_type: r.filter_type,
    filter: r.correlation_filter?.[0]?.properties ?? r.sql_filter,
  }));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  assert.deepEqual(actual.sort(byName), expected.sort(byName));

  const drops = Object.entries(resources(infra, "azapi_resource_action"));
  for (const s of filtered as { Name: string }[]) {
    const drop = drops.find(
      ([, d]) => d.resource_id === `\${azurerm_servicebus_subscription.events["${s.Name}"].id}/rules/$Default`,
    );
    assert.ok(drop, `nothing deletes the $Default rule of ${s.Name}`);
    assert.equal(drop[1].method, "DELETE");
    const ruleNames = Object.entries(resources(infra, "azurerm_servicebus_subscription_rule"))
      .filter(([, r]) => r.subscription_id.includes(`["${s.Name}"]`))
      .map(([n]) => `\${azurerm_servicebus_subscription_rule.${n}}`);
    assert.deepEqual([...drop[1].depends_on].sort(), ruleNames.sort(), "$Default must go only once the filters exist");
  }
});
