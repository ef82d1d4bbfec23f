import type { ClusterRequest } from "../clusterRequest.js";
import { RESERVED_TAG_PREFIX } from "../naming.js";
import { formatPath, type RequestProblem } from "../problems.js";

/** Azure's tag limit per resource, minus the two tags the service adds. */
export const MAX_REQUEST_TAGS = 48;

/** Rules for identity, registry, disks, schedules and tags. */
export function requestRules(request: ClusterRequest): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const { cluster, registry, disks, schedules, nodePools, tags } = request;

  if (cluster.workloadIdentity && !cluster.oidcIssuer) {
    add("cluster.workloadIdentity", "InvalidParameter", "workload identity needs oidcIssuer: true");
  }
  if (cluster.identityType === "UserAssigned" && !cluster.userAssignedIdentityId) {
    add("cluster.userAssignedIdentityId", "Required", "identityType UserAssigned needs userAssignedIdentityId");
  } else if (cluster.identityType === "SystemAssigned" && cluster.userAssignedIdentityId) {
    add("cluster.userAssignedIdentityId", "InvalidParameter", "userAssignedIdentityId needs identityType UserAssigned");
  }

  if (registry.kind === "new") {
    if (registry.geoReplicas.length > 0 && registry.sku !== "Premium") {
      add("registry.geoReplicas", "GeoReplicationRequiresPremium", "geo-replication needs the Premium SKU");
    }
    registry.geoReplicas.forEach((location, i) => {
      if (location === request.location || registry.geoReplicas.indexOf(location) !== i) {
        add(`registry.geoReplicas[${i}]`, "DuplicateReplicaLocation", `${location} is the home region or listed twice`);
      }
    });
  }

  const diskNames = new Set<string>();
  disks.forEach((disk, i) => {
    const key = disk.name.toLowerCase();
    if (diskNames.has(key)) add(`disks[${i}].name`, "DuplicateDiskName", `disk name '${disk.name}' is used twice`);
    diskNames.add(key);
    if (disk.zone && disk.sku.endsWith("_ZRS")) {
      add(
        `disks[${i}].zone`,
        "InvalidParameter",
        `${disk.sku} disks are zone-redundant and cannot be pinned to a zone`,
      );
    }
  });

  const pools = new Map(nodePools.map((pool) => [pool.name, pool]));
  schedules.forEach((schedule, i) => {
    if (schedule.action.kind !== "scale") return;
    for (const [name, count] of Object.entries(schedule.action.pools)) {
      const at = formatPath(["schedules", i, "action", "pools", name]);
      const pool = pools.get(name);
      if (!pool) add(at, "UnknownAgentPool", `'${name}' is not a pool of this request`);
      else if (pool.autoscale) add(at, "InvalidParameter", `'${name}' autoscales; a schedule cannot set its count`);
      else if (pool.mode === "System" && count < 1) add(at, "InvalidParameter", "System pools need at least 1 node");
    }
  });

  const keys = Object.keys(tags);
  if (keys.length > MAX_REQUEST_TAGS) add("tags", "TooManyTags", `at most ${MAX_REQUEST_TAGS} tags`);
  for (const key of keys) {
    if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
      add(
        formatPath(["tags", key]),
        "ReservedTagKey",
        `tags starting with '${RESERVED_TAG_PREFIX}' are set by the service`,
      );
    }
  }
  return problems;
}
