import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import { asyncPut } from "./asyncWrites.js";
import { objectBody, operationUrls, requireResourceGroup, stored } from "./common.js";
import {
  checkSubnet,
  deleteNetworkResource,
  NETWORK_NS,
  SUBNET_TYPE,
  subnetBody,
  subnetPrefix,
  subnets,
  subnetsOf,
  vnetSpace,
  vnets,
} from "./networkModel.js";
import { resourceTypeRoutes } from "./resourceTypeRoutes.js";

/** Subnets as child resources: PUT (AAO) with CIDR checks against the VNet and siblings, GET, list, DELETE. */
export function subnetRoutes(services: ArmServices): Route[] {
  return resourceTypeRoutes(services, {
    address: subnets,
    apiVersions: apiVersions["Microsoft.Network/virtualNetworks/subnets"],
    put: (ctx) => putSubnet(ctx, services),
    delete: (ctx) => deleteNetworkResource(ctx, services, subnets.id(ctx)),
  });
}

function putSubnet(ctx: RequestContext, services: ArmServices): Reply {
  const parent = vnets.require(ctx, services);
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const name = ctx.params.subnet ?? "";
  const input = objectBody(ctx);
  const { text, cidr } = subnetPrefix(input);
  const space = vnetSpace(parent);
  const siblings = subnetsOf(services, parent).map((s) => ({
    name: String(s.body.name),
    cidr: subnetPrefix(s.body).cidr,
  }));
  checkSubnet(name, String(parent.body.name), cidr, space, siblings);
  const id = `${parent.id}/subnets/${name}`;
  return asyncPut(ctx, services, {
    id,
    subscriptionId: parent.subscriptionId,
    duration: "subnet",
    operation: { data: { keys: [resourceKey(id)] } },
    urls: (op, apiVersion) => operationUrls.regional(NETWORK_NS, op, String(parent.body.location), apiVersion, false),
    write(existing) {
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
    },
  });
}
