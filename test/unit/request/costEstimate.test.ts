import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { RetailPricesApi } from "../../../sandbox/prices/index.js";
import {
  type ClusterRequest,
  type CostItem,
  costItems,
  diskTier,
  estimateCost,
  pickPrice,
  type RetailPriceItem,
  validateClusterRequest,
} from "../../../src/request/index.js";

function example(name: string, change: (r: Record<string, unknown>) => void = () => {}): ClusterRequest {
  const input = JSON.parse(readFileSync(new URL(`../../../examples/${name}.json`, import.meta.url), "utf8"));
  change(input);
  const result = validateClusterRequest(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.request;
}

const sheet = new RetailPricesApi().sheet;
const byName = (items: CostItem[], name: string) => {
  const item = items.find((i) => i.name === name);
  assert.ok(item, `${name} is priced`);
  return item;
};
// The items a filter would return, read off the sheet by hand for the fields the filter names.
const candidates = (item: CostItem, currency = "USD"): RetailPriceItem[] => {
  const wanted = [...(item.filter ?? "").matchAll(/(\w+) eq '([^']*)'/g)].map(([, f, v]) => [f, v] as const);
  return sheet.filter(
    (s) =>
      s.currencyCode === currency &&
      wanted.every(([f, v]) => (f === "priceType" ? s.type : (s as unknown as Record<string, unknown>)[f ?? ""]) === v),
  );
};

describe("cost estimate: what is priced", () => {
  it("prices the dev example's pools by the hour, managed OS disks and data disks by tier, the registry by the day", () => {
    const { items, unpriced } = costItems(example("dev-cluster"), "westeurope");
    assert.deepEqual(
      items.map((i) => [i.name, i.unitOfMeasure, i.quantity.min, i.quantity.max]),
      [
        ["pool:system", "1 Hour", 730, 730],
        ["osDisk:system", "1/Month", 1, 1],
        ["pool:apps", "1 Hour", 1460, 1460],
        ["osDisk:apps", "1/Month", 2, 2],
        ["disk:team-dev-data", "1/Month", 1, 1],
        ["registry", "1/Day", 30.4, 30.4],
        ["clusterTier", "1 Hour", 0, 0],
      ],
    );
    assert.deepEqual(unpriced, []);
    assert.match(
      byName(items, "osDisk:apps").filter ?? "",
      /productName eq 'Premium SSD Managed Disks' and skuName eq 'P10 LRS'/,
    );
    assert.match(byName(items, "disk:team-dev-data").filter ?? "", /skuName eq 'E6 LRS'/);
    assert.equal(byName(items, "clusterTier").filter, undefined, "the Free tier costs nothing and is not queried");
  });

  it("gives an autoscaled pool a min–max range, a Spot pool the Spot meter, an Ephemeral OS disk nothing", () => {
    const { items } = costItems(example("prod-cluster"), "westeurope");
    assert.deepEqual(byName(items, "pool:apps").quantity, { min: 3 * 730, max: 10 * 730 });
    assert.deepEqual(byName(items, "pool:batch").pick, { kind: "vm", os: "Linux", spot: true });
    assert.equal(
      items.find((i) => i.name === "osDisk:system"),
      undefined,
    );
    assert.deepEqual(byName(items, "osDisk:apps").quantity, { min: 3, max: 10 });
    assert.match(
      byName(items, "clusterTier").filter ?? "",
      /serviceName eq 'Azure Kubernetes Service'.*skuName eq 'Standard'/,
    );
    assert.match(
      byName(items, "registry:northeurope").filter ?? "",
      /armRegionName eq 'northeurope'.*skuName eq 'Premium'/,
    );
  });

  it("maps disk SKU and size to the billed tier", () => {
    const cases: [string, number, string | undefined][] = [
      ["Premium_LRS", 128, "P10"],
      ["Premium_LRS", 129, "P15"],
      ["Premium_ZRS", 4, "P1"],
      ["StandardSSD_LRS", 64, "E6"],
      ["StandardSSD_LRS", 65, "E10"],
      ["Standard_LRS", 10, "S4"],
      ["Standard_LRS", 32767, "S80"],
      ["UltraSSD_LRS", 64, undefined],
      ["PremiumV2_LRS", 64, undefined],
    ];
    for (const [sku, size, tier] of cases) assert.equal(diskTier(sku, size), tier, `${sku} ${size} GiB`);
  });

  it("leaves out of the totals what is billed by usage (Ultra, Premium v2), naming it", () => {
    const request = example("dev-cluster", (r) => {
      (r.disks as unknown[]).push({ name: "fast", sizeGb: 100, sku: "UltraSSD_LRS" });
    });
    const { unpriced } = costItems(request, "westeurope");
    assert.deepEqual(
      unpriced.map((u) => u.name),
      ["disk:fast"],
    );
  });
});

describe("cost estimate: picking the price", () => {
  const pool = (vmSize: string, extra: Record<string, unknown> = {}) =>
    byName(
      costItems(
        example("minimal", (r) => {
          r.nodePools = [{ name: "system" }, { name: "p", vmSize, mode: "User", ...extra }];
        }),
        "westeurope",
      ).items,
      `pool:${extra.name ?? "p"}`,
    );

  it("picks the Linux pay-as-you-go meter of the primary region, not Windows, Spot, Low Priority or a reservation", () => {
    const item = pool("Standard_D4s_v5");
    const found = candidates(item);
    assert.ok(found.length >= 4, "the sheet has distractors for the filter");
    const picked = pickPrice(item, found);
    assert.equal(picked?.productName, "Virtual Machines Dsv5 Series");
    assert.equal(picked?.skuName, "D4s v5");
    assert.equal(picked?.isPrimaryMeterRegion, true);
    assert.equal(picked?.type, "Consumption");
  });

  it("picks the Spot meter for a Spot pool and the Windows product for a Windows pool", () => {
    assert.equal(
      pickPrice(pool("Standard_D4s_v5", { spot: true }), candidates(pool("Standard_D4s_v5")))?.skuName,
      "D4s v5 Spot",
    );
    const windows = pool("Standard_D4s_v5", { osType: "Windows", name: "win" });
    assert.equal(pickPrice(windows, candidates(windows))?.productName, "Virtual Machines Dsv5 Series Windows");
  });

  it("sums the lines per month, rounds to cents, and lists an item without a price as unpriced", () => {
    const planned = costItems(example("dev-cluster"), "westeurope");
    const estimate = estimateCost(
      planned,
      (item) => (item.name === "registry" ? undefined : pickPrice(item, candidates(item, "EUR"))),
      "EUR",
    );
    assert.ok(!estimate.unavailable);
    assert.equal(estimate.currency, "EUR");
    assert.deepEqual(
      estimate.unpriced.map((u) => u.name),
      ["registry"],
    );
    const sum = estimate.lines.reduce((s, l) => s + l.monthly.min, 0);
    assert.ok(Math.abs(sum - estimate.monthly.min) < 0.005);
    assert.equal(estimate.monthly.min, estimate.monthly.max);
    for (const line of estimate.lines)
      assert.equal(line.monthly.min, Math.round(line.unitPrice * line.quantity.min * 100) / 100);
  });
});
