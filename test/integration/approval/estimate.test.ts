import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RetailPriceItem } from "../../../src/request/index.js";
import { Provisioner } from "../provision/harness.js";
import { aRequest, example } from "../provision/requests.js";
import { awaitingApproval, decide, endedIn } from "./approvalHelpers.js";

interface Estimate {
  unavailable?: boolean;
  reason?: string;
  currency: string;
  monthly: { min: number; max: number };
  lines: { name: string; meterId?: string }[];
}

describe("cost estimate: the Retail Prices API stand-in, the dry run and the approval", () => {
  let p: Provisioner;
  before(async () => {
    p = await Provisioner.start();
  });
  after(() => p.stop());

  const dryRun = async (body: unknown) => {
    const res = await p.api("POST", "clusters/plan", body);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as { estimate: Estimate; preflight: { ok: boolean }; plan: unknown };
  };

  // First, while nothing is cached: the worker keeps prices it has read, never a failure.
  it("prices API down → the dry run and the approval say unavailable, and both go on", async () => {
    p.arm.prices.fail(503);
    try {
      const dry = await dryRun(aRequest("down"));
      assert.equal(dry.estimate.unavailable, true);
      assert.match(String(dry.estimate.reason), /503/);
      assert.ok(dry.plan && dry.preflight.ok, "the dry run still plans and preflights");

      const request = { ...aRequest("downrun"), approval: { required: true } };
      assert.equal((await p.api("POST", "clusters", request)).status, 202);
      const waiting = await awaitingApproval(p, request.requestId);
      assert.equal(waiting.approval?.estimate.unavailable, true);
      await decide(p, request.requestId, "approve", { approver: "lead@contoso.com" }, 202);
      const done = await endedIn(p, request.requestId, ["succeeded", "failed", "rolledBack"]);
      assert.equal(done.state, "succeeded", JSON.stringify(done.failure));
    } finally {
      p.arm.prices.recover();
    }
  });

  it("the estimate of examples/dev-cluster.json is the sum of exactly the sheet's items it should use", async () => {
    const sheet = p.arm.prices.sheet;
    // Named by hand: Linux pay-as-you-go in West Europe, primary meter region; Spot, Low Priority, Windows, the
    // reservation, the other region and the non-primary copy are the distractors.
    const item = (currency: string, productName: string, meterName: string): RetailPriceItem => {
      const found = sheet.filter(
        (i) =>
          i.currencyCode === currency &&
          i.armRegionName === "westeurope" &&
          i.productName === productName &&
          i.meterName === meterName &&
          i.type === "Consumption" &&
          i.isPrimaryMeterRegion === true,
      );
      assert.equal(found.length, 1, `${currency} ${productName} ${meterName}`);
      return found[0] as RetailPriceItem;
    };
    for (const currency of ["USD", "EUR"]) {
      const d2 = item(currency, "Virtual Machines Dsv5 Series", "D2s v5");
      const d4 = item(currency, "Virtual Machines Dsv5 Series", "D4s v5");
      const p10 = item(currency, "Premium SSD Managed Disks", "P10 LRS Disk");
      const e6 = item(currency, "Standard SSD Managed Disks", "E6 LRS Disk");
      const acr = item(currency, "Container Registry", "Basic Registry Unit");
      // system: 1 × D2s_v5, apps: 2 × D4s_v5, a managed 128 GiB (P10) OS disk per node, the 64 GiB StandardSSD
      // data disk (E6), a Basic registry per day; the Free tier costs nothing.
      const expected =
        730 * d2.unitPrice + 2 * 730 * d4.unitPrice + 3 * p10.unitPrice + e6.unitPrice + 30.4 * acr.unitPrice;

      const body = { ...example("dev-cluster.json"), ...(currency === "USD" ? {} : { costCurrency: currency }) };
      const { estimate } = await dryRun(body);
      assert.ok(!estimate.unavailable, JSON.stringify(estimate));
      assert.equal(estimate.currency, currency);
      assert.ok(Math.abs(estimate.monthly.min - expected) < 0.015, `${estimate.monthly.min} ≈ ${expected}`);
      assert.equal(estimate.monthly.max, estimate.monthly.min, "no pool autoscales");
      assert.deepEqual(
        new Set(estimate.lines.flatMap((l) => (l.meterId ? [l.meterId] : []))),
        new Set([d2, d4, p10, e6, acr].map((i) => i.meterId)),
      );
    }
  });

  it("follows NextPageLink, and asks once per region, SKU and currency (the worker's cache)", async () => {
    const { requests } = p.arm.prices;
    assert.ok(
      requests.some((r) => r.includes("%24skip=")),
      "a filter's answer spanned pages",
    );
    const asked = requests.length;
    await dryRun(example("dev-cluster.json"));
    assert.equal(requests.length, asked, "the second estimate was answered from the cache");
  });
});
