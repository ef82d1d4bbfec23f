import type { ClusterRequest } from "../clusterRequest.js";
import { MAX_PODS_LIMITS } from "../networkSettings.js";
import type { RequestProblem } from "../problems.js";

/** Rules across node pools: names, System pool, counts and autoscale, maxPods, spot, Windows, zones. */
export function poolRules(request: ClusterRequest): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const { cluster, nodePools } = request;
  const limits = MAX_PODS_LIMITS[cluster.networkPlugin];
  const seen = new Set<string>();

  if (!nodePools.some((pool) => pool.mode === "System")) {
    add("nodePools", "MustDefineAtLeastOneSystemPool", "a cluster needs at least one pool with mode System");
  }
  nodePools.forEach((pool, i) => {
    const at = `nodePools[${i}]`;
    if (seen.has(pool.name)) add(`${at}.name`, "DuplicateAgentPoolName", `pool name '${pool.name}' is used twice`);
    seen.add(pool.name);
    if (pool.osType === "Windows") {
      if (pool.name.length > 6)
        add(`${at}.name`, "InvalidAgentPoolName", "Windows pool names are at most 6 characters");
      if (pool.mode === "System") add(`${at}.osType`, "InvalidParameter", "System pools must run Linux");
      if (cluster.networkPlugin === "kubenet") add(`${at}.osType`, "InvalidParameter", "Windows pools need Azure CNI");
    }
    if (pool.mode === "System" && pool.count < 1)
      add(`${at}.count`, "InvalidParameter", "System pools need at least 1 node");
    const scale = pool.autoscale;
    if (scale) {
      if (scale.min > scale.max) {
        add(`${at}.autoscale.min`, "InvalidParameter", `autoscale min ${scale.min} is above max ${scale.max}`);
      } else if (pool.count < scale.min || pool.count > scale.max) {
        add(
          `${at}.count`,
          "InvalidParameter",
          `count ${pool.count} must be within autoscale ${scale.min}–${scale.max}`,
        );
      }
      if (pool.mode === "System" && scale.min < 1) {
        add(`${at}.autoscale.min`, "InvalidParameter", "System pools need autoscale min of at least 1");
      }
    }
    if (pool.maxPods !== undefined) {
      const min = pool.mode === "System" ? limits.systemMin : limits.min;
      if (pool.maxPods < min || pool.maxPods > limits.max) {
        add(`${at}.maxPods`, "InvalidParameter", `maxPods must be ${min}–${limits.max} for ${cluster.networkPlugin}`);
      }
    }
    if (pool.spot && pool.mode === "System")
      add(`${at}.spot`, "InvalidParameter", "spot is only allowed on User pools");
    if (pool.spotMaxPrice !== undefined) {
      if (!pool.spot) add(`${at}.spotMaxPrice`, "InvalidParameter", "spotMaxPrice needs spot: true");
      else if (pool.spotMaxPrice !== -1 && pool.spotMaxPrice <= 0) {
        add(`${at}.spotMaxPrice`, "InvalidParameter", "spotMaxPrice is -1 (on-demand cap) or a price above 0");
      }
    }
    pool.zones?.forEach((zone, z) => {
      if (pool.zones?.indexOf(zone) !== z) add(`${at}.zones[${z}]`, "InvalidParameter", `zone ${zone} is listed twice`);
    });
  });
  if (cluster.loadBalancerSku === "basic") {
    if (nodePools.length > 1 || nodePools.some((pool) => pool.zones?.length)) {
      add("cluster.loadBalancerSku", "InvalidParameter", "the basic load balancer supports one pool and no zones");
    }
  }
  return problems;
}
