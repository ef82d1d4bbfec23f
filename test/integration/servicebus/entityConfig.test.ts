import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { installedRheaVersion, PATCHED_RHEA_VERSION } from "../../../sandbox/servicebus/amqp/rheaInternals.js";
import { loadEntities, parseIsoDurationMs } from "../../../sandbox/servicebus/entityConfig.js";
import { isBrokerConfigError } from "../../../sandbox/servicebus/errors.js";
import { DEFAULT_CONFIG_PATH } from "../../../sandbox/servicebus/index.js";
import { parseSqlFilter } from "../../../sandbox/servicebus/sqlFilter.js";
import { aConfig } from "./harness.js";

describe("entity configuration (emulator Config.json shape)", () => {
  it("declares the project's entities: request queue and events topic with its subscriptions", () => {
    const { queues, topics } = loadEntities(DEFAULT_CONFIG_PATH);
    const requests = queues.find((q) => q.path === "cluster-requests");
    assert.ok(requests);
    assert.equal(requests.settings.requiresDuplicateDetection, true);
    assert.equal(requests.settings.maxDeliveryCount, 5);
    assert.equal(requests.settings.lockDurationMs, 60_000);
    const events = topics.find((t) => t.path === "cluster-events");
    assert.deepEqual(
      events?.subscriptions.map((s) => s.path),
      [
        "cluster-events/Subscriptions/ticket-system",
        "cluster-events/Subscriptions/audit",
        "cluster-events/Subscriptions/failures",
      ],
    );
    const failures = events?.subscriptions[2];
    const view = (eventType: string) => ({ system: {}, properties: { eventType } });
    assert.ok(failures?.filters.some((f) => f(view("cluster.provisioning.failed"))));
    assert.ok(failures?.filters.some((f) => f(view("cluster.request.rejected"))));
    assert.ok(!failures?.filters.some((f) => f(view("cluster.provisioned"))));
  });

  it("parses ISO-8601 durations", () => {
    assert.equal(parseIsoDurationMs("PT1M"), 60_000);
    assert.equal(parseIsoDurationMs("P14D"), 14 * 86_400_000);
    assert.equal(parseIsoDurationMs("PT0.5S"), 500);
    assert.equal(parseIsoDurationMs("P1DT2H3M4S"), 93_784_000);
    assert.throws(() => parseIsoDurationMs("1 minute"), isBrokerConfigError);
  });

  const refused: [string, object][] = [
    ["sessions", aConfig({ queues: { q: { RequiresSession: true } } })],
    ["a duplicate entity name", aConfig({ queues: { q: {}, Q: {} } })],
    ["a bad duration", aConfig({ queues: { q: { LockDuration: "60s" } } })],
    [
      "rule actions",
      aConfig({
        topics: {
          t: {
            subscriptions: {
              s: {
                rules: [
                  {
                    Properties: {
                      FilterType: "Sql",
                      SqlFilter: { SqlExpression: "1=1" },
                      Action: { SqlExpression: "SET a=1" },
                    },
                  },
                ],
              },
            },
          },
        },
      }),
    ],
    [
      "unsupported SQL",
      aConfig({
        topics: {
          t: {
            subscriptions: {
              s: { rules: [{ Properties: { FilterType: "Sql", SqlFilter: { SqlExpression: "a = 1 + 2" } } }] },
            },
          },
        },
      }),
    ],
    [
      "an unknown filter type",
      aConfig({ topics: { t: { subscriptions: { s: { rules: [{ Properties: { FilterType: "Regex" } }] } } } } }),
    ],
  ];
  for (const [name, config] of refused) {
    it(`refuses ${name} at load`, () => {
      assert.throws(() => loadEntities(config), isBrokerConfigError);
    });
  }
});

describe("rhea", () => {
  it("is the version the broker's private-API patches were checked against (pin it in package.json)", () => {
    assert.equal(installedRheaVersion, PATCHED_RHEA_VERSION);
  });
});

describe("SQL filter subset", () => {
  const m = {
    system: { Label: "urgent", MessageId: "42" },
    properties: { size: 20, region: "westeurope", name: "it's" },
  };
  const cases: [string, boolean][] = [
    ["1=1", true],
    ["size > 10", true],
    ["size >= 21", false],
    ["region = 'westeurope' AND size < 100", true],
    ["region <> 'westeurope' OR size = 20", true],
    ["NOT (size = 20)", false],
    ["region IN ('eastus', 'westeurope')", true],
    ["region NOT IN ('eastus', 'westeurope')", false],
    ["sys.Label = 'urgent'", true],
    ["sys.label = 'urgent'", true],
    ["user.size = 20", true],
    ["EXISTS(region)", true],
    ["missing IS NULL", true],
    ["region IS NOT NULL", true],
    ["region LIKE 'west%'", true],
    ["name = 'it''s'", true],
    ["missing = 1", false],
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => {
      assert.equal(parseSqlFilter(expression)(m), expected);
    });
  }
});
