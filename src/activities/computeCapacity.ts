import type { ResourceSku } from "@azure/arm-compute";
import type { ComputeCapacity } from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";

/** What the region offers the subscription: VM sizes (family, vCPUs, zones) and vCPU quotas. Reads only. */
export async function readComputeCapacity(
  clients: ClientsFor,
  subscriptionId: string,
  location: string,
): Promise<ComputeCapacity> {
  const c = clients(subscriptionId).compute;
  const skus: ResourceSku[] = [];
  for await (const s of c.resourceSkus.list({ filter: `location eq '${location}'` })) skus.push(s);
  const quotas: ComputeCapacity["quotas"] = [];
  for await (const u of c.usage.list(location))
    quotas.push({ name: u.name.value ?? "", limit: u.limit, current: u.currentValue });
  const sizes = skus
    .filter((s) => s.resourceType === "virtualMachines" && s.name)
    .filter(
      (s) => !s.restrictions?.some((r) => r.reasonCode === "NotAvailableForSubscription" && r.type === "Location"),
    )
    .map((s) => ({
      name: s.name ?? "",
      family: s.family ?? "",
      vcpus: Number(s.capabilities?.find((cap) => cap.name === "vCPUs")?.value ?? 0),
      zones: s.locationInfo?.find((l) => l.location?.toLowerCase() === location.toLowerCase())?.zones ?? [],
    }));
  return { sizes, quotas };
}
