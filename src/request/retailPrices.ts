/**
 * The Azure Retail Prices API (`GET https://prices.azure.com/api/retail/prices`): public, unauthenticated, and
 * with no Azure SDK, so its response shape is declared here, field names as the API spells them.
 */

/** API version the app asks for: it returns `isPrimaryMeterRegion`, and filter values are case-sensitive. */
export const RETAIL_PRICES_API_VERSION = "2023-01-01-preview";

/** Currencies the Retail Prices API answers in (`currencyCode`); USD is Microsoft's own, the rest are for reference. */
export const RETAIL_PRICE_CURRENCIES = [
  "USD",
  "AUD",
  "BRL",
  "CAD",
  "CHF",
  "CNY",
  "DKK",
  "EUR",
  "GBP",
  "INR",
  "JPY",
  "KRW",
  "NOK",
  "NZD",
  "RUB",
  "SEK",
  "TWD",
] as const;

/** A currency of `RETAIL_PRICE_CURRENCIES`. */
export type RetailPriceCurrency = (typeof RETAIL_PRICE_CURRENCIES)[number];

/** One meter's price in one region, as an item of the API's `Items`. */
export interface RetailPriceItem {
  currencyCode: string;
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  effectiveStartDate: string;
  meterId: string;
  meterName: string;
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceId: string;
  serviceFamily: string;
  unitOfMeasure: string;
  /** `Consumption`, `Reservation` or `DevTestConsumption`. */
  type: string;
  isPrimaryMeterRegion?: boolean;
  armSkuName: string;
  reservationTerm?: string;
}

/** One page of the API's answer; `NextPageLink` is null on the last page. */
export interface RetailPricesPage {
  BillingCurrency: string;
  CustomerEntityId: string;
  CustomerEntityType: string;
  Items: RetailPriceItem[];
  NextPageLink: string | null;
  Count: number;
}

/** An OData string literal: quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
