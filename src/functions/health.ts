import { app, type HttpResponseInit } from "@azure/functions";
import { isConfigError, loadConfig } from "../config.js";
import { apiRoutes } from "../request/apiRoutes.js";

/** Liveness plus settings check: 200 when every setting is valid, 503 naming the bad ones otherwise. */
export async function health(): Promise<HttpResponseInit> {
  try {
    loadConfig();
    return { status: 200, jsonBody: { status: "ok" } };
  } catch (e) {
    if (!isConfigError(e)) throw e;
    // Setting names only: values may hold connection strings.
    return { status: 503, jsonBody: { status: "misconfigured", settings: e.problems.map((p) => p.setting) } };
  }
}

const { name, route, method, authLevel } = apiRoutes.health;
app.http(name, { route, methods: [method], authLevel, handler: health });
