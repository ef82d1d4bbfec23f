// The app settings `npm start` (and `npm run start:func`) give the app, before the sandbox's own endpoints.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LatencyProfileName } from "../arm/index.js";

// The app's poll interval stands to each profile's ARM durations about as production's 10 s does to real Azure's
// minutes (local.settings.json's POLL_INTERVAL_SECONDS wins when set).
export const POLL_SECONDS: Record<LatencyProfileName, string> = { instant: "0.1", fast: "0.25", realistic: "10" };

/** Example settings (less the poll interval, which follows the profile) < the user's local.settings.json; blanks mean "unset". */
export function appSettings(appDir: string): Record<string, string> {
  const read = (file: string): Record<string, string> => {
    const path = resolve(appDir, file);
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")).Values ?? {}) : {};
  };
  const { POLL_INTERVAL_SECONDS: _, ...example } = read("local.settings.example.json");
  const merged = { ...example, ...read("local.settings.json") };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== ""));
}
