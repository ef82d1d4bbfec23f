import { readFileSync } from "node:fs";
import type { RetailPriceItem, RetailPricesPage } from "../../src/request/retailPrices.js";
import { FilterSyntaxError, parseFilter } from "./odataFilter.js";

/** Path the API answers on (as at https://prices.azure.com). */
export const RETAIL_PRICES_PATH = "/api/retail/prices";

/** Options of the stand-in; every field optional. */
export interface RetailPricesOptions {
  /** Items per page before `NextPageLink`; small so clients must follow it. Defaults to 2 (Azure: 100, 1000). */
  pageSize?: number;
  /** The price sheet; defaults to `priceSheet.json` beside this module. */
  items?: RetailPriceItem[];
}

/** An answer: status and JSON body. */
export interface PricesReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

// Filter field → item key: the API filters `priceType` on the items' `type`.
const FIELDS: Record<string, string> = Object.fromEntries(
  [
    "armRegionName",
    "location",
    "meterId",
    "meterName",
    "productId",
    "skuId",
    "productName",
    "skuName",
    "serviceName",
    "serviceId",
    "serviceFamily",
    "armSkuName",
    "currencyCode",
    "isPrimaryMeterRegion",
  ]
    .map((f) => [f.toLowerCase(), f])
    .concat([["pricetype", "type"]]),
);
// The API's currencies (its docs' list); the sheet itself holds USD and EUR only.
const CURRENCIES = new Set("USD AUD BRL CAD CHF CNY DKK EUR GBP INR JPY KRW NOK NZD RUB SEK TWD".split(" "));

/**
 * A stand-in for the Azure Retail Prices API (`GET /api/retail/prices`): a small price sheet in the API's own
 * shape (`Items`, `NextPageLink`, `Count`), `$filter` in the subset `parseFilter` reads, `currencyCode`
 * (default USD), `meterRegion='primary'` and `$skip` paging. `fail()` makes it answer 503 until `recover()`.
 */
export class RetailPricesApi {
  private readonly items: RetailPriceItem[];
  private readonly pageSize: number;
  private failure: number | undefined;
  /** Every query answered (path and query string), oldest first: what a test counts to see the app's cache. */
  readonly requests: string[] = [];

  constructor(options: RetailPricesOptions = {}) {
    this.items = options.items ?? loadSheet();
    this.pageSize = options.pageSize ?? 2;
  }

  /** The whole sheet (for tests that pick expected items by meter id). */
  get sheet(): readonly RetailPriceItem[] {
    return this.items;
  }

  /** Answers `status` (default 503, as the API's front door does when down) to every call until `recover()`. */
  fail(status = 503): void {
    this.failure = status;
  }

  recover(): void {
    this.failure = undefined;
  }

  /** Forgets the failure and the request log. */
  reset(): void {
    this.recover();
    this.requests.length = 0;
  }

  /** Answers one GET; `baseUrl` is how the client reached it (for `NextPageLink`). */
  handle(method: string, url: URL, baseUrl: string): PricesReply {
    this.requests.push(`${url.pathname}${url.search}`);
    if (this.failure !== undefined)
      return {
        status: this.failure,
        body: { Error: { Code: "ServiceUnavailable", Message: "The service is unavailable." } },
        headers: { "Retry-After": "1" },
      };
    if (method !== "GET") return badRequest("MethodNotAllowed", `${method} is not supported`, 405);
    const currency = unquote(url.searchParams.get("currencyCode") ?? "USD");
    if (!CURRENCIES.has(currency)) return badRequest("InvalidCurrency", `currencyCode '${currency}' is not supported`);
    let matches = this.items.filter((i) => i.currencyCode === currency);
    const filter = url.searchParams.get("$filter");
    if (filter) {
      try {
        const predicate = parseFilter(filter, FIELDS);
        matches = matches.filter((i) => predicate(i as unknown as Record<string, unknown>));
      } catch (error) {
        if (error instanceof FilterSyntaxError) return badRequest("InvalidFilter", `Invalid $filter: ${error.message}`);
        throw error;
      }
    }
    if (unquote(url.searchParams.get("meterRegion") ?? "") === "primary")
      matches = matches.filter((i) => i.isPrimaryMeterRegion !== false);
    const skip = Number(url.searchParams.get("$skip") ?? "0");
    const page = matches.slice(skip, skip + this.pageSize);
    let next: string | null = null;
    if (skip + this.pageSize < matches.length) {
      const link = new URL(`${baseUrl}${url.pathname}${url.search}`);
      link.searchParams.set("$skip", String(skip + this.pageSize));
      next = link.toString();
    }
    const body: RetailPricesPage = {
      BillingCurrency: currency,
      CustomerEntityId: "Default",
      CustomerEntityType: "Retail",
      Items: page,
      NextPageLink: next,
      Count: page.length,
    };
    return { status: 200, body };
  }
}

function loadSheet(): RetailPriceItem[] {
  const sheet = JSON.parse(readFileSync(new URL("./priceSheet.json", import.meta.url), "utf8")) as {
    Items: RetailPriceItem[];
  };
  return sheet.Items;
}

// The API takes `currencyCode='EUR'` (quoted, as its docs write it) and `currencyCode=EUR` alike.
function unquote(value: string): string {
  return value.replace(/^'(.*)'$/, "$1");
}

function badRequest(code: string, message: string, status = 400): PricesReply {
  return { status, body: { Error: { Code: code, Message: message } } };
}
