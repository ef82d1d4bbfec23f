import { readFileSync } from "node:fs";
import { TAG_REQUEST_ID } from "../../../src/request/index.js";
import type { Provisioner } from "./harness.js";

/** An example request, parsed. */
export function example(name: string): Record<string, unknown> & { requestId: string } {
  return JSON.parse(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8"));
}

let counter = 0;

/**
 * A dev-cluster-shaped request with its own request id, resource group, cluster, VNet, disk and (globally
 * unique) registry name, so tests share one sandbox without meeting.
 */
export function aRequest(label: string): Record<string, unknown> & {
  requestId: string;
  resourceGroup: string;
  cluster: { name: string };
  registry: { name: string };
  network: { vnetName: string };
  disks: { name: string }[];
} {
  counter++;
  const n = `${label}${counter}${process.pid.toString(36)}`.toLowerCase().replace(/[^a-z0-9]/g, "");
  const body = example("dev-cluster.json") as ReturnType<typeof aRequest>;
  body.requestId = `CHG-${n}`;
  body.resourceGroup = `rg-${n}`;
  body.cluster.name = `c-${n}`.slice(0, 60);
  body.registry.name = `acr${n}`.slice(0, 50);
  body.network.vnetName = `vnet-${n}`;
  (body.disks[0] as { name: string }).name = `disk-${n}`;
  return body;
}

/** Ids of every resource in the sandbox tagged with `requestId`. */
export async function taggedWith(p: Provisioner, requestId: string): Promise<string[]> {
  const { resources } = await p.arm.control.state();
  return resources
    .filter((r) => (r.tags as Record<string, string> | undefined)?.[TAG_REQUEST_ID] === requestId)
    .map((r) => String(r.id));
}

/** Whether a resource (by id, any casing) exists in the sandbox. */
export async function exists(p: Provisioner, id: string): Promise<boolean> {
  const { resources } = await p.arm.control.state();
  return resources.some((r) => String(r.id).toLowerCase() === id.toLowerCase());
}
