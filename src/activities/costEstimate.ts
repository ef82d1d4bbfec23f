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
/** Longest one estimate waits for the price API, every page of every filter: it never holds a run up longer. */
export const ESTIMATE_TIMEOUT_MS = 20_000;
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
        const signal = AbortSignal.timeout(ESTIMATE_TIMEOUT_MS);
        const filters = [...new Set(planned.items.flatMap((i) => (i.filter ? [i.filter] : [])))];
        const answers = new Map(
          await Promise.all(filters.map(async (f) => [f, await pricesOf(endpoint(), currency, f, signal)] as const)),
        );
        const priceOf = (item: CostItem) => pickPrice(item, (item.filter && answers.get(item.filter)) || []);
        return estimateCost(planned, priceOf, currency);
      } catch (error) {
        return {
          unavailable: true,
          currency,
          reason: `the Azure Retail Prices API could not be read: ${reasonOf(error)}`,
        };
      }
    },
  };
}

function pricesOf(endpoint: string, currency: string, filter: string, signal: AbortSignal): Promise<RetailPriceItem[]> {
  const key = `${endpoint}|${currency}|${filter}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expiresAtMs > now) return hit.items;
  const items = readAll(endpoint, currency, filter, signal);
  cache.set(key, { expiresAtMs: now + PRICE_CACHE_MS, items });
  items.catch(() => cache.delete(key));
  return items;
}

async function readAll(
  endpoint: string,
  currency: string,
  filter: string,
  signal: AbortSignal,
): Promise<RetailPriceItem[]> {
  const first = new URL(`${endpoint}/api/retail/prices`);
  first.searchParams.set("api-version", RETAIL_PRICES_API_VERSION);
  first.searchParams.set("currencyCode", `'${currency}'`);
  first.searchParams.set("$filter", filter);
  const items: RetailPriceItem[] = [];
  let next: string | null = first.toString();
  for (let page = 0; next; page++) {
    if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages for ${filter}`);
    const res = await fetch(next, { signal });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${filter}`);
    const body = (await res.json()) as RetailPricesPage;
    items.push(...body.Items);
    next = body.NextPageLink;
  }
  return items;
}

// fetch's own message is "fetch failed"; the cause says why (refused, a name not found, a timeout).
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
