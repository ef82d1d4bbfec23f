export { FilterSyntaxError, parseFilter } from "./odataFilter.js";
export { RETAIL_PRICES_PATH, RetailPricesApi, type RetailPricesOptions } from "./retailPricesApi.js";
