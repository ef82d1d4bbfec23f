import {
  type ClusterRequest,
  type CostEstimate,
  type CostItem,
  costCurrencyOf,
  costItems,
  estimateCost,
  pickPrice,
  RETAIL_PRICES_API_VERSION,
  type RetailPriceItem,
  type RetailPricesPage,
} from "../request/index.js";

/** What the estimate of one request is asked for with: the request and its region (the plan's location). */
export interface CostEstimateInput {
  request: ClusterRequest;
  location: string;
}

/** How long a price is kept in the worker: retail prices change monthly at most. */
export const PRICE_CACHE_MS = 6 * 60 * 60 * 1000;
/** Longest one page of the price API is waited for; the estimate never holds a run up for longer. */
const PAGE_TIMEOUT_MS = 10_000;
/** A filter for one SKU in one region has a few items; more pages than this is a loop. */
const MAX_PAGES = 50;

// Per worker, per currency and filter (one filter is one service, region and SKU): shared by every run and the
// dry run. Only answers are kept; a failure is asked again next time.
const cache = new Map<string, { expiresAtMs: number; items: Promise<RetailPriceItem[]> }>();

/**
 * The cost estimate of a request from the Azure Retail Prices API (public, no auth): one `$filter` per priced
 * item's service, region and SKU, every `NextPageLink` followed, the right item picked (`pickPrice`). When the API
 * cannot be read the estimate says `unavailable` with why: it never fails, and so never blocks, a run.
 */
export function costEstimateActivities(endpoint: () => string) {
  return {
    async estimateCost({ request, location }: CostEstimateInput): Promise<CostEstimate> {
      const currency = costCurrencyOf(request);
      const planned = costItems(request, location);
      try {
        const filters = [...new Set(planned.items.flatMap((i) => (i.filter ? [i.filter] : [])))];
        const answers = new Map(
          await Promise.all(filters.map(async (f) => [f, await pricesOf(endpoint(), currency, f)] as const)),
        );
        const priceOf = (item: CostItem) => pickPrice(item, (item.filter && answers.get(item.filter)) || []);
        return estimateCost(planned, priceOf, currency);
      } catch (error) {
        return {
          unavailable: true,
          currency,
          reason: `the Azure Retail Prices API could not be read: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
  };
}

function pricesOf(endpoint: string, currency: string, filter: string): Promise<RetailPriceItem[]> {
  const key = `${endpoint}|${currency}|${filter}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expiresAtMs > now) return hit.items;
  const items = readAll(endpoint, currency, filter);
  cache.set(key, { expiresAtMs: now + PRICE_CACHE_MS, items });
  items.catch(() => cache.delete(key));
  return items;
}

async function readAll(endpoint: string, currency: string, filter: string): Promise<RetailPriceItem[]> {
  const first = new URL(`${endpoint}/api/retail/prices`);
  first.searchParams.set("api-version", RETAIL_PRICES_API_VERSION);
  first.searchParams.set("currencyCode", `'${currency}'`);
  first.searchParams.set("$filter", filter);
  const items: RetailPriceItem[] = [];
  let next: string | null = first.toString();
  for (let page = 0; next; page++) {
    if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages for ${filter}`);
    const res = await fetch(next, { signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${filter}`);
    const body = (await res.json()) as RetailPricesPage;
    items.push(...body.Items);
    next = body.NextPageLink;
  }
  return items;
}
