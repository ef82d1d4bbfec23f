import type { ClusterRequest } from "./clusterRequest.js";
import { odataString, type RetailPriceCurrency, type RetailPriceItem } from "./retailPrices.js";

/** Hours in the month the estimate prices (Azure's calculator uses 730). */
export const HOURS_PER_MONTH = 730;
/** Days in the month for meters billed per day (a registry unit). */
export const DAYS_PER_MONTH = 30.4;
/** Size of a managed node OS disk when the request names none (AKS's default). */
export const DEFAULT_OS_DISK_GB = 128;

/** A low–high pair: equal for fixed counts, apart for an autoscaled pool (min → max nodes). */
export interface CostRange {
  min: number;
  max: number;
}

/** How to tell the one right item among those a filter returns. */
export type MeterPick =
  /** A VM size's pay-as-you-go meter: the Linux or Windows product, Spot only for spot pools, never Low Priority. */
  | { kind: "vm"; os: "Linux" | "Windows"; spot: boolean }
  /** A meter named exactly (disks, registry units, the AKS tier). */
  | { kind: "meter"; meterName: string };

/** One thing the estimate prices: the query that finds its price and how much of it a month holds. */
export interface CostItem {
  /** Stable name: `pool:apps`, `osDisk:apps`, `disk:data`, `registry`, `registry:northeurope`, `clusterTier`. */
  name: string;
  description: string;
  /** The Retail Prices `$filter`; absent for what costs nothing (the Free tier). */
  filter?: string;
  pick?: MeterPick;
  /** The unit the price must be in: `1 Hour`, `1/Month`, `1/Day`. */
  unitOfMeasure: string;
  /** Units per month. */
  quantity: CostRange;
}

/** What the estimate could not price, and why. */
export interface UnpricedItem {
  name: string;
  reason: string;
}

/** One priced line of the estimate. */
export interface CostLine {
  name: string;
  description: string;
  unitOfMeasure: string;
  quantity: CostRange;
  unitPrice: number;
  /** The price sheet's meter, so a reader can check it (absent for the Free tier). */
  meterId?: string;
  meterName?: string;
  monthly: CostRange;
}

/** The estimated monthly cost of a request, in `currency`, or why there is none. */
export type CostEstimate =
  | {
      unavailable?: false;
      currency: string;
      monthly: CostRange;
      lines: CostLine[];
      /** Items not priced (not in the price sheet, or priced by usage): the totals leave them out. */
      unpriced: UnpricedItem[];
    }
  | { unavailable: true; currency: string; reason: string };

/** What a request costs is asked for in its `costCurrency`, USD otherwise (Microsoft's own prices). */
export function costCurrencyOf(request: ClusterRequest): RetailPriceCurrency {
  return request.costCurrency ?? "USD";
}

const AKS_TIER_METERS: Record<"Standard" | "Premium", string> = {
  Standard: "Standard Uptime SLA",
  Premium: "Premium Long Term Support",
};
const REGISTRY_METERS = {
  Basic: "Basic Registry Unit",
  Standard: "Standard Registry Unit",
  Premium: "Premium Registry Unit",
};

const clause = (field: string, value: string) => `${field} eq ${odataString(value)}`;
const filterOf = (service: string, region: string, ...more: [string, string][]) =>
  [clause("serviceName", service), clause("armRegionName", region), ...more.map(([f, v]) => clause(f, v))]
    .concat("priceType eq 'Consumption'")
    .join(" and ");

/**
 * What a request costs per month, item by item (pure): VM hours per pool (count × 730 h, an autoscaled pool
 * min–max), each node's managed OS disk (an Ephemeral one is the VM's own storage and costs nothing; unnamed
 * is priced as Managed, the costlier case), the data disks by SKU and size tier, a new registry's daily unit
 * (and one per geo-replica, in the replica's region), and the AKS tier per cluster hour (Free costs nothing).
 */
export function costItems(request: ClusterRequest, location: string): { items: CostItem[]; unpriced: UnpricedItem[] } {
  const items: CostItem[] = [];
  const unpriced: UnpricedItem[] = [];
  for (const pool of request.nodePools) {
    const nodes: CostRange = pool.autoscale
      ? { min: pool.autoscale.min, max: pool.autoscale.max }
      : { min: pool.count, max: pool.count };
    items.push({
      name: `pool:${pool.name}`,
      description: `${describe(nodes)} × ${pool.vmSize} (${pool.osType}${pool.spot ? ", Spot" : ""}), ${HOURS_PER_MONTH} h`,
      filter: filterOf("Virtual Machines", location, ["armSkuName", pool.vmSize]),
      pick: { kind: "vm", os: pool.osType, spot: pool.spot },
      unitOfMeasure: "1 Hour",
      quantity: scale(nodes, HOURS_PER_MONTH),
    });
    if (pool.osDiskType === "Ephemeral") continue;
    const sku = supportsPremiumStorage(pool.vmSize) ? "Premium_LRS" : "StandardSSD_LRS";
    const disk = diskItem(`osDisk:${pool.name}`, sku, pool.osDiskSizeGb ?? DEFAULT_OS_DISK_GB, location, nodes);
    if ("reason" in disk) unpriced.push(disk);
    else items.push({ ...disk, description: `${describe(nodes)} × node OS disk, ${disk.description}` });
  }
  for (const d of request.disks) {
    const disk = diskItem(`disk:${d.name}`, d.sku, d.sizeGb, location, { min: 1, max: 1 });
    if ("reason" in disk) unpriced.push(disk);
    else items.push(disk);
  }
  if (request.registry.kind === "new") {
    const { sku, geoReplicas } = request.registry;
    for (const region of [location, ...geoReplicas]) {
      items.push({
        name: region === location ? "registry" : `registry:${region}`,
        description: `${sku} registry${region === location ? "" : ` replica in ${region}`}, ${DAYS_PER_MONTH} days`,
        filter: filterOf("Container Registry", region, ["skuName", sku]),
        pick: { kind: "meter", meterName: REGISTRY_METERS[sku] },
        unitOfMeasure: "1/Day",
        quantity: { min: DAYS_PER_MONTH, max: DAYS_PER_MONTH },
      });
    }
  }
  const tier = request.cluster.skuTier;
  items.push(
    tier === "Free"
      ? { name: "clusterTier", description: "AKS Free tier: no charge", unitOfMeasure: "1 Hour", quantity: none() }
      : {
          name: "clusterTier",
          description: `AKS ${tier} tier, ${HOURS_PER_MONTH} h`,
          filter: filterOf("Azure Kubernetes Service", location, ["skuName", tier]),
          pick: { kind: "meter", meterName: AKS_TIER_METERS[tier] },
          unitOfMeasure: "1 Hour",
          quantity: { min: HOURS_PER_MONTH, max: HOURS_PER_MONTH },
        },
  );
  return { items, unpriced };
}

/**
 * The one item of a filter's answer that prices `item`: pay-as-you-go (`Consumption`, from the first unit), in
 * the item's unit, the primary meter region's, and the meter `pick` names. The newest price wins.
 */
export function pickPrice(item: CostItem, candidates: readonly RetailPriceItem[]): RetailPriceItem | undefined {
  const { pick } = item;
  if (!pick) return undefined;
  return candidates
    .filter(
      (c) =>
        c.type === "Consumption" &&
        c.tierMinimumUnits === 0 &&
        c.isPrimaryMeterRegion !== false &&
        c.unitOfMeasure === item.unitOfMeasure &&
        (pick.kind === "meter"
          ? c.meterName === pick.meterName
          : c.productName.endsWith(" Windows") === (pick.os === "Windows") &&
            !/Low Priority/i.test(c.skuName) &&
            /\bSpot$/.test(c.skuName) === pick.spot),
    )
    .sort((a, b) => b.effectiveStartDate.localeCompare(a.effectiveStartDate))[0];
}

/** The estimate from each item's price (`priceOf` answers undefined for an item the sheet does not have). */
export function estimateCost(
  planned: { items: CostItem[]; unpriced: UnpricedItem[] },
  priceOf: (item: CostItem) => RetailPriceItem | undefined,
  currency: string,
): CostEstimate {
  const lines: CostLine[] = [];
  const unpriced = [...planned.unpriced];
  for (const item of planned.items) {
    const { filter: _f, pick: _p, ...shown } = item;
    if (!item.filter) {
      lines.push({ ...shown, unitPrice: 0, monthly: none() });
      continue;
    }
    const price = priceOf(item);
    if (!price) {
      unpriced.push({ name: item.name, reason: `no ${item.unitOfMeasure} pay-as-you-go price found (${item.filter})` });
      continue;
    }
    lines.push({
      ...shown,
      unitPrice: price.unitPrice,
      meterId: price.meterId,
      meterName: price.meterName,
      monthly: { min: cents(price.unitPrice * item.quantity.min), max: cents(price.unitPrice * item.quantity.max) },
    });
  }
  const monthly = {
    min: cents(lines.reduce((sum, l) => sum + l.monthly.min, 0)),
    max: cents(lines.reduce((sum, l) => sum + l.monthly.max, 0)),
  };
  return { currency, monthly, lines, unpriced };
}

// Disk tiers: the smallest tier at least as large as the disk (sizes in GiB), as Azure bills a managed disk.
const TIER_SIZES = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767];
const TIER_NUMBERS = ["1", "2", "3", "4", "6", "10", "15", "20", "30", "40", "50", "60", "70", "80"];
const DISK_PRODUCTS: Record<string, { product: string; letter: string; redundancy: string } | undefined> = {
  Premium_LRS: { product: "Premium SSD Managed Disks", letter: "P", redundancy: "LRS" },
  Premium_ZRS: { product: "Premium SSD Managed Disks", letter: "P", redundancy: "ZRS" },
  StandardSSD_LRS: { product: "Standard SSD Managed Disks", letter: "E", redundancy: "LRS" },
  StandardSSD_ZRS: { product: "Standard SSD Managed Disks", letter: "E", redundancy: "ZRS" },
  Standard_LRS: { product: "Standard HDD Managed Disks", letter: "S", redundancy: "LRS" },
};

/** The disk tier Azure bills a disk of `sku` and `sizeGb` at: `P10`, `E6`, `S4` (Standard HDD starts at S4). */
export function diskTier(sku: string, sizeGb: number): string | undefined {
  const product = DISK_PRODUCTS[sku];
  if (!product) return undefined;
  const first = product.letter === "S" ? TIER_SIZES.indexOf(32) : 0;
  const index = TIER_SIZES.findIndex((size, i) => i >= first && size >= sizeGb);
  return index < 0 ? undefined : `${product.letter}${TIER_NUMBERS[index]}`;
}

function diskItem(
  name: string,
  sku: string,
  sizeGb: number,
  location: string,
  count: CostRange,
): CostItem | UnpricedItem {
  const product = DISK_PRODUCTS[sku];
  const tier = diskTier(sku, sizeGb);
  if (!product || !tier)
    return { name, reason: `${sku} is billed by provisioned GiB, IOPS and throughput: not estimated` };
  const skuName = `${tier} ${product.redundancy}`;
  return {
    name,
    description: `${sku} ${sizeGb} GiB (${skuName}), per month`,
    filter: filterOf("Storage", location, ["productName", product.product], ["skuName", skuName]),
    pick: { kind: "meter", meterName: `${skuName} Disk` },
    unitOfMeasure: "1/Month",
    quantity: count,
  };
}

// Premium storage capable sizes carry an `s` among the feature letters after the vCPU count (D4s_v5, E8ads_v5).
function supportsPremiumStorage(vmSize: string): boolean {
  return /^Standard_[A-Z]+\d+[a-z]*s[a-z]*(_|$)/.test(vmSize);
}

function scale(range: CostRange, factor: number): CostRange {
  return { min: range.min * factor, max: range.max * factor };
}

function describe(range: CostRange): string {
  return range.min === range.max ? String(range.min) : `${range.min}–${range.max}`;
}

function none(): CostRange {
  return { min: 0, max: 0 };
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
