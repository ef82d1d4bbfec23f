import { patternedString } from "./schemaHelpers.js";

/** An Azure region name as ARM spells it (`eastus`, `westeurope`). */
export const locationSchema = patternedString({
  pattern: /^[a-z][a-z0-9]{1,39}$/,
  code: "InvalidLocation",
  message: "must be an Azure region name in lower case, e.g. westeurope",
  maxLength: 40,
  description: "Azure region, e.g. westeurope.",
});
