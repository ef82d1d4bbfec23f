import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TableClient } from "@azure/data-tables";
import type { Provisioner } from "../integration/provision/harness.js";

// What users and operators see of a run, beyond the events and status bodies: for the secrets suite to scan.
const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** The devhost's output without its start-up hand-over of URL and key (`KEY=value` lines for whoever spawned it). */
export function appLogs(output: string): string {
  return output
    .split("\n")
    .filter((line) => !/^DEVHOST_(URL|KEY)=/.test(line))
    .join("\n");
}

/** A GET of the API with the key: the body as text. */
export async function body(p: Provisioner, path: string): Promise<string> {
  const res = await p.api("GET", path);
  assert.ok(res.status < 300, `GET /api/${path}: ${res.status}`);
  return res.text();
}

/** The status page as a browser gets it with the banner's link (`?code=`): the HTML and every file it loads. */
export async function statusPage(p: Provisioner): Promise<Record<string, string>> {
  const files = readdirSync(join(REPO, "src/ui"));
  const pages: Record<string, string> = {};
  for (const file of ["", ...files.filter((f) => f !== "index.html")]) {
    const res = await fetch(`${p.url}/api/ui/${file}?code=${p.key}`);
    assert.equal(res.status, 200, `GET /api/ui/${file}`);
    pages[`the status page's ${file || "HTML"} (GET /api/ui/${file})`] = await res.text();
  }
  return pages;
}

/**
 * What the task hub keeps, as an operator's tools show it: every instance with its input, history and outputs
 * (the Durable HTTP API), every entity, and the task hub's files on disk.
 */
export async function durableState(p: Provisioner): Promise<Record<string, string>> {
  const base = `${p.url}/runtime/webhooks/durabletask`;
  const list = (await (await fetch(`${base}/instances/`)).json()) as { instanceId: string }[];
  const state: Record<string, string> = {};
  for (const { instanceId } of list) {
    const res = await fetch(
      `${base}/instances/${encodeURIComponent(instanceId)}?showHistory=true&showHistoryOutput=true&showInput=true`,
    );
    state[`durable instance ${instanceId} (input, history, output)`] = await res.text();
  }
  state["durable entities"] = await (await fetch(`${base}/entities`)).text();
  const dir = join(p.stateDir, "devhost", "durable");
  for (const file of readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()))
    state[`the task hub's file ${file}`] = readFileSync(join(dir, file), "utf8");
  return state;
}

/** The cluster registry table's rows, as Storage Explorer shows them. */
export async function registryRows(p: Provisioner): Promise<string> {
  const table = TableClient.fromConnectionString(p.azurite.connectionString, "clusters", {
    allowInsecureConnection: true,
  });
  const rows: unknown[] = [];
  for await (const row of table.listEntities()) rows.push(row);
  assert.ok(rows.length > 0, "the cluster registry is empty");
  return JSON.stringify(rows);
}
