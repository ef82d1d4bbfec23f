import { randomUUID } from "node:crypto";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { asyncDelete, asyncPut } from "./asyncWrites.js";
import {
  normalizeLocation,
  objectBody,
  operationUrls,
  props,
  requireResourceGroup,
  stored,
  trackedBody,
} from "./common.js";
import { computeUsageRoutes } from "./computeUsages.js";
import { inResourceGroup } from "./resourceAddress.js";
import { resourceSkuRoutes } from "./resourceSkus.js";
import { resourceTypeRoutes } from "./resourceTypeRoutes.js";

const DISK_TYPE = "Microsoft.Compute/disks";
const disks = inResourceGroup(DISK_TYPE);
const SKUS = [
  "Standard_LRS",
  "Premium_LRS",
  "StandardSSD_LRS",
  "UltraSSD_LRS",
  "Premium_ZRS",
  "StandardSSD_ZRS",
  "PremiumV2_LRS",
];
const CREATE_OPTIONS = ["Empty", "Copy", "FromImage", "Import", "Restore", "Upload"];

/** Microsoft.Compute: managed disks, and the usages and skus lists a preflight reads. */
export function computeRoutes(services: ArmServices): Route[] {
  return [...diskRoutes(services), ...computeUsageRoutes(services), ...resourceSkuRoutes(services)];
}

/** Managed disks: PUT answers 202 with Azure-AsyncOperation and Location (Python clients reject 201). */
function diskRoutes(services: ArmServices): Route[] {
  return resourceTypeRoutes(services, {
    address: disks,
    apiVersions: apiVersions["Microsoft.Compute/disks"],
    put: (ctx) => putDisk(ctx, services),
    delete: (ctx) =>
      asyncDelete(ctx, services, {
        id: disks.id(ctx),
        duration: "diskDelete",
        urls: (op, target, apiVersion) => operationUrls.disk(op, String(target.body.location), apiVersion),
      }),
  });
}

function putDisk(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location, DISK_TYPE);
  const p = props(input);
  const createOption = (p.creationData as { createOption?: string } | undefined)?.createOption;
  if (!createOption || !CREATE_OPTIONS.includes(createOption)) {
    throw armErrors.invalidParameter(
      "creationData.createOption",
      `Required parameter 'creationData.createOption' is missing or invalid (${createOption ?? "null"}).`,
    );
  }
  const size = p.diskSizeGB;
  if (createOption === "Empty" && (typeof size !== "number" || !Number.isInteger(size) || size < 1 || size > 32767)) {
    throw armErrors.invalidParameter(
      "diskSizeGB",
      `The value '${String(size)}' of parameter 'diskSizeGB' is out of range. The value must be between '1' and '32767', inclusive.`,
    );
  }
  const skuName = (input.sku as { name?: string } | undefined)?.name ?? "Standard_LRS";
  if (!SKUS.includes(skuName))
    throw armErrors.invalidParameter("sku.name", `The value '${skuName}' of parameter 'sku.name' is invalid.`);
  const zones = input.zones as string[] | undefined;
  if (zones && (zones.length > 1 || zones.some((z) => !["1", "2", "3"].includes(z)))) {
    throw armErrors.invalidParameter(
      "zones",
      "A managed disk can be placed in at most one availability zone ('1', '2' or '3').",
    );
  }
  const id = `/subscriptions/${sub}/resourceGroups/${group.body.name}/providers/${DISK_TYPE}/${name}`;
  const existing = services.store.getResource(id);
  if (existing && typeof size === "number" && size < Number(props(existing.body).diskSizeGB)) {
    throw armErrors.badRequest(
      `Disk '${name}' cannot be resized from ${String(props(existing.body).diskSizeGB)} GB to ${size} GB: shrinking a disk is not supported.`,
    );
  }
  return asyncPut(ctx, services, {
    id,
    subscriptionId: sub,
    duration: "disk",
    status: 202,
    urls: (op, apiVersion) => operationUrls.disk(op, location, apiVersion),
    write() {
      const before = existing ? props(existing.body) : {};
      const sizeGB = typeof size === "number" ? size : Number(before.diskSizeGB ?? 32);
      const body = {
        ...trackedBody({ id, name, type: DISK_TYPE, location }, input),
        ...(zones ? { zones } : {}),
        sku: { name: skuName, tier: skuName.startsWith("Premium") ? "Premium" : "Standard" },
        properties: {
          creationData: p.creationData,
          diskSizeGB: sizeGB,
          diskSizeBytes: sizeGB * 1024 ** 3,
          diskIOPSReadWrite: skuName.startsWith("Premium") ? 120 : 500,
          diskMBpsReadWrite: skuName.startsWith("Premium") ? 25 : 60,
          encryption: { type: "EncryptionAtRestWithPlatformKey" },
          networkAccessPolicy: p.networkAccessPolicy ?? "AllowAll",
          publicNetworkAccess: p.publicNetworkAccess ?? "Enabled",
          timeCreated: before.timeCreated ?? new Date().toISOString(),
          provisioningState: "Updating",
          diskState: "Unattached",
          uniqueId: before.uniqueId ?? randomUUID(),
          ...(skuName.startsWith("Premium") ? { tier: "P4" } : {}),
        },
      };
      services.store.putResource(
        stored({ id, type: DISK_TYPE, subscriptionId: sub, resourceGroup: String(group.body.name), body }),
      );
    },
  });
}
