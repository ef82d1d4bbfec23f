import { randomUUID } from "node:crypto";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey, type StoredResource } from "../store/armStore.js";
import {
  asyncHeaders,
  beginOperation,
  clone,
  normalizeLocation,
  objectBody,
  operationUrls,
  page,
  props,
  requireResource,
  requireResourceGroup,
  stored,
  tagsOf,
} from "./common.js";

const DISK_TYPE = "Microsoft.Compute/disks";
const BASE = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.compute/disks";
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

/** Managed disks: PUT answers 202 with Azure-AsyncOperation and Location (Python clients reject 201). */
export function computeRoutes(services: ArmServices): Route[] {
  const v = apiVersions.compute;
  return [
    { methods: ["GET"], pattern: BASE, resourceType: DISK_TYPE, apiVersions: v, handler: (ctx) => list(ctx, services) },
    {
      methods: ["PUT"],
      pattern: `${BASE}/{name}`,
      resourceType: DISK_TYPE,
      apiVersions: v,
      handler: (ctx) => putDisk(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{name}`,
      resourceType: DISK_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(disk(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${BASE}/{name}`,
      resourceType: DISK_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteDisk(ctx, services),
    },
  ];
}

function diskId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${DISK_TYPE}/${ctx.params.name}`;
}

function disk(ctx: RequestContext, services: ArmServices): StoredResource {
  const p = ctx.params;
  return requireResource(services, diskId(ctx), {
    subscriptionId: p.sub ?? "",
    resourceGroup: p.rg ?? "",
    type: DISK_TYPE,
    name: p.name ?? "",
  });
}

function list(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const prefix = `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${DISK_TYPE}`;
  return {
    status: 200,
    body: page(
      ctx,
      services,
      services.store.listResources({ prefix, type: DISK_TYPE }).map((r) => clone(r.body)),
    ),
  };
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
  const key = resourceKey(id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "provision",
    subscriptionId: sub,
    resourceKey: key,
    duration: "disk",
  });
  if (!retried) {
    const before = existing ? props(existing.body) : {};
    const tags = tagsOf(input);
    const sizeGB = typeof size === "number" ? size : Number(before.diskSizeGB ?? 32);
    const body = {
      id,
      name,
      type: DISK_TYPE,
      location,
      ...(tags ? { tags } : {}),
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
  }
  return {
    status: 202,
    body: clone(services.store.getResource(id)?.body),
    headers: asyncHeaders(ctx, services, operationUrls.disk(op, location, ctx.query.get("api-version") ?? "")),
  };
}

function deleteDisk(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const target = services.store.getResource(diskId(ctx));
  if (!target) return { status: 204 };
  const { op } = beginOperation(ctx, services, {
    kind: "delete",
    subscriptionId: target.subscriptionId,
    resourceKey: resourceKey(target.id),
    duration: "diskDelete",
  });
  props(target.body).provisioningState = "Deleting";
  services.store.putResource(target);
  return {
    status: 202,
    headers: asyncHeaders(
      ctx,
      services,
      operationUrls.disk(op, String(target.body.location), ctx.query.get("api-version") ?? ""),
    ),
  };
}
