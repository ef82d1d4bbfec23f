import type { AppConfig } from "../config.js";

/**
 * The app's own origin, for links in answers that do not come over HTTP (the queue's events): `WEBSITE_HOSTNAME`
 * over HTTPS, as App Service serves it; plain HTTP for a local host (the devhost, Core Tools).
 */
export function appOrigin(config: Pick<AppConfig, "websiteHostname">): string {
  const host = config.websiteHostname;
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/i.test(host);
  return `${local ? "http" : "https"}://${host}`;
}
