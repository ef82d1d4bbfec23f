import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import { parseCidr } from "./cidr.js";
import {
  asyncHeaders,
  beginOperation,
  clone,
  objectBody,
  operationUrls,
  page,
  props,
  requireResourceGroup,
  stored,
} from "./common.js";
import {
  checkSubnet,
  deleteNetworkResource,
  NETWORK_NS,
  requireSubnet,
  requireVnet,
  SUBNET_TYPE,
  subnetBody,
  subnetPrefix,
  subnetsOf,
  VNETS,
  vnetId,
} from "./networkModel.js";

/** Subnets as child resources: PUT (AAO) with CIDR checks against the VNet and siblings, GET, list, DELETE. */
export function subnetRoutes(services: ArmServices): Route[] {
  const v = apiVersions.network;
  return [
    {
      methods: ["GET"],
      pattern: `${VNETS}/{vnet}/subnets`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => ({
        status: 200,
        body: page(
          ctx,
          services,
          subnetsOf(services, requireVnet(ctx, services)).map((s) => clone(s.body)),
        ),
      }),
    },
    {
      methods: ["PUT"],
      pattern: `${VNETS}/{vnet}/subnets/{subnet}`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => putSubnet(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${VNETS}/{vnet}/subnets/{subnet}`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(requireSubnet(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${VNETS}/{vnet}/subnets/{subnet}`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteNetworkResource(ctx, services, `${vnetId(ctx)}/subnets/${ctx.params.subnet}`),
    },
  ];
}

function putSubnet(ctx: RequestContext, services: ArmServices): Reply {
  const parent = requireVnet(ctx, services);
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const name = ctx.params.subnet ?? "";
  const input = objectBody(ctx);
  const { text, cidr } = subnetPrefix(input);
  const space = ((props(parent.body).addressSpace as { addressPrefixes?: string[] }).addressPrefixes ?? []).flatMap(
    (t) => parseCidr(t) ?? [],
  );
  const siblings = subnetsOf(services, parent).map((s) => ({
    name: String(s.body.name),
    cidr: subnetPrefix(s.body).cidr,
  }));
  checkSubnet(name, String(parent.body.name), cidr, space, siblings);
  const id = `${parent.id}/subnets/${name}`;
  const key = resourceKey(id);
  const existing = services.store.getResource(id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "provision",
    subscriptionId: parent.subscriptionId,
    resourceKey: key,
    duration: "subnet",
    data: { keys: [key] },
  });
  if (!retried) {
    services.store.putResource(
      stored({
        id,
        type: SUBNET_TYPE,
        subscriptionId: parent.subscriptionId,
        resourceGroup: parent.resourceGroup,
        parentKey: resourceKey(parent.id),
        body: subnetBody(id, existing ? String(existing.body.name) : name, text, input, "Updating"),
      }),
    );
  }
  return {
    status: existing && !retried ? 200 : 201,
    body: clone(services.store.getResource(id)?.body),
    headers: asyncHeaders(
      ctx,
      services,
      operationUrls.regional(NETWORK_NS, op, String(parent.body.location), ctx.query.get("api-version") ?? "", false),
    ),
  };
}
