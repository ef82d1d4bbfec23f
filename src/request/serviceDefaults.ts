/** The service's defaults for what a request may leave out (settings DEFAULT_LOCATION and DEFAULT_TAGS). */
export interface ServiceDefaults {
  location?: string;
  tags: Record<string, string>;
}

/**
 * Fills in the service's defaults before validation: the location when the request names none, and the
 * default tags under the request's own (a request's tag wins). Anything but a JSON object is returned as it
 * is, for the validator to report.
 */
export function withServiceDefaults(input: unknown, defaults: ServiceDefaults): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  const request = { ...(input as Record<string, unknown>) };
  if (request.location === undefined && defaults.location) request.location = defaults.location;
  if (Object.keys(defaults.tags).length > 0) {
    const own = request.tags;
    if (own === undefined) request.tags = { ...defaults.tags };
    else if (own && typeof own === "object" && !Array.isArray(own)) request.tags = { ...defaults.tags, ...own };
  }
  return request;
}
