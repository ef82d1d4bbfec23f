import assert from "node:assert/strict";
import { request } from "node:https";
import { after, before, describe, it } from "node:test";
import { type ArmSandbox, startArmSandbox } from "../../../sandbox/arm/index.js";
import type { RetailPricesPage } from "../../../src/request/index.js";

// The stand-in over HTTPS on the ARM sandbox's port, as the app reaches it (RETAIL_PRICES_ENDPOINT); no token.
describe("Retail Prices API stand-in", () => {
  let arm: ArmSandbox;
  before(async () => {
    arm = await startArmSandbox();
  });
  after(() => arm.stop());

  // Over HTTPS trusting the sandbox's certificate (the devhost gets it through NODE_EXTRA_CA_CERTS).
  const fetchUrl = (url: string | URL) =>
    new Promise<{ status: number; json: () => Promise<unknown>; text: string }>((resolve, reject) => {
      request(url, { ca: arm.ca, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, text, json: async () => JSON.parse(text) });
        });
      })
        .on("error", reject)
        .end();
    });
  const get = async (query: Record<string, string>) => {
    const url = new URL(`${arm.env.RETAIL_PRICES_ENDPOINT}/api/retail/prices`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return fetchUrl(url);
  };
  const all = async (query: Record<string, string>) => {
    const res = await get(query);
    assert.equal(res.status, 200, res.text);
    let page = (await res.json()) as RetailPricesPage;
    const items = [...page.Items];
    let pages = 1;
    while (page.NextPageLink) {
      page = (await (await fetchUrl(page.NextPageLink)).json()) as RetailPricesPage;
      items.push(...page.Items);
      pages++;
    }
    return { items, pages, currency: page.BillingCurrency };
  };

  it("answers the API's shape, pages with NextPageLink, and filters with the OData the app sends", async () => {
    const filter =
      "serviceName eq 'Virtual Machines' and armRegionName eq 'westeurope' and armSkuName eq 'Standard_D4s_v5' and priceType eq 'Consumption'";
    const { items, pages, currency } = await all({
      "api-version": "2023-01-01-preview",
      currencyCode: "'EUR'",
      $filter: filter,
    });
    assert.equal(currency, "EUR");
    assert.ok(pages > 1, "the sheet pages at a small page size");
    assert.ok(items.length >= 4);
    assert.ok(
      items.every((i) => i.currencyCode === "EUR" && i.armSkuName === "Standard_D4s_v5" && i.type === "Consumption"),
    );
    assert.ok(items.some((i) => i.skuName.endsWith(" Spot")) && items.some((i) => i.productName.endsWith(" Windows")));
    const usd = await all({ $filter: filter });
    assert.equal(usd.currency, "USD", "USD without currencyCode");
  });

  it("reads or/parentheses, keeps values case-sensitive, and answers 400 to what it cannot read", async () => {
    const either = await all({
      $filter:
        "serviceName eq 'Container Registry' and (armRegionName eq 'westeurope' or armRegionName eq 'northeurope') and skuName eq 'Premium'",
    });
    assert.deepEqual(new Set(either.items.map((i) => i.armRegionName)), new Set(["westeurope", "northeurope"]));
    assert.equal((await all({ $filter: "serviceName eq 'virtual machines'" })).items.length, 0);
    for (const bad of ["serviceName eq", "colour eq 'red'", "serviceName gt 'a'", "(serviceName eq 'a'"]) {
      const res = await get({ $filter: bad });
      assert.equal(res.status, 400, bad);
      assert.ok(((await res.json()) as { Error: { Code: string } }).Error.Code);
    }
    assert.equal((await get({ currencyCode: "'XYZ'" })).status, 400);
  });

  it("fails with 503 while told to, and is not an ARM call (no log entry, no auth)", async () => {
    arm.prices.fail();
    assert.equal((await get({})).status, 503);
    arm.prices.recover();
    assert.equal((await get({})).status, 200);
    const { value } = await arm.control.calls();
    assert.ok(!value.some((c) => c.path.toLowerCase().includes("retail")));
  });
});
