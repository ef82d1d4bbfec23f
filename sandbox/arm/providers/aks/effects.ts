import { deleteTree, setProvisioningState } from "../../engine/genericEffects.js";
import { type ArmServices, stepDuration } from "../../services.js";
import type { ArmStore, StoredResource } from "../../store/armStore.js";
import { props } from "../common.js";
import { CLUSTER_TYPE, poolsOf, reconcileNodes } from "./clusterModel.js";

function setPower(resource: StoredResource, code: "Running" | "Stopped"): void {
  props(resource.body).powerState = { code };
}

/**
 * Completion effects of AKS operations: pools and clusters reach Succeeded (or Failed), node
 * lists follow counts and power state, and nodes turn Ready `nodeReady` after their pool succeeds.
 */
export function registerAksEffects(services: ArmServices): void {
  const { engine } = services;
  const finishPool = (
    store: ArmStore,
    pool: StoredResource,
    atMs: number,
    version: string | undefined,
    hash: string,
    restarted = false,
  ) => {
    const p = props(pool.body);
    p.provisioningState = "Succeeded";
    if (version) p.currentOrchestratorVersion = version;
    const late = services.settings.lateNodes;
    reconcileNodes(pool, hash, {
      createdAtMs: atMs,
      readyAtMs: atMs + stepDuration(services, "nodeReady", pool.id),
      restarted,
      late: late && (late.pool === undefined || late.pool === pool.body.name) ? late : undefined,
    });
    store.putResource(pool);
  };
  engine.register("clusterPut", {
    succeed: (op, { store, atMs }) => {
      const cluster = store.getResource(op.resourceKey);
      if (!cluster) return;
      const p = props(cluster.body);
      p.provisioningState = "Succeeded";
      p.currentKubernetesVersion = op.data.targetVersion;
      store.putResource(cluster);
      for (const key of op.data.poolKeys as string[]) {
        const pool = store.getResource(key);
        const version = (op.data.poolVersions as Record<string, string> | undefined)?.[key] ?? op.data.targetVersion;
        if (pool) finishPool(store, pool, atMs, version as string, String(cluster.internal.vmssHash));
      }
    },
    fail: (op, { store }) => setProvisioningState(store, [op.resourceKey, ...(op.data.poolKeys as string[])], "Failed"),
  });
  engine.register("poolPut", {
    succeed: (op, { store, atMs }) => {
      const pool = store.getResource(op.resourceKey);
      const cluster = pool?.parentKey ? store.getResource(pool.parentKey) : undefined;
      if (!pool || !cluster) return;
      const power = op.data.power as "Running" | "Stopped" | undefined;
      // A pool stopped on its own deallocates: its nodes leave the cluster until it starts again.
      if (power) {
        setPower(pool, power);
        pool.internal.stoppedOnItsOwn = power === "Stopped";
        if (power === "Stopped") pool.internal.deallocatedNodes = pool.internal.nodes ?? [];
        pool.internal.nodes = power === "Stopped" ? [] : (pool.internal.deallocatedNodes ?? []);
        if (power === "Running") delete pool.internal.deallocatedNodes;
      }
      const version = op.data.targetVersion as string | undefined;
      finishPool(store, pool, atMs, version, String(cluster.internal.vmssHash), power === "Running");
    },
    fail: (op, { store }) => setProvisioningState(store, [op.resourceKey], "Failed"),
  });
  engine.register("clusterDelete", {
    // The node resource group (managedBy the cluster) goes with it.
    succeed: (op, { store }) => deleteTree(store, op.resourceKey),
    fail: (op, { store }) => setProvisioningState(store, [op.resourceKey], "Failed"),
  });
  engine.register("poolDelete", {
    succeed: (op, { store }) => store.deleteResource(op.resourceKey),
    fail: (op, { store }) => setProvisioningState(store, [op.resourceKey], "Failed"),
  });
  for (const [kind, code] of [
    ["clusterStop", "Stopped"],
    ["clusterStart", "Running"],
  ] as const) {
    engine.register(kind, {
      succeed: (op, { store, atMs }) => {
        const cluster = store.getResource(op.resourceKey);
        if (!cluster || cluster.type !== CLUSTER_TYPE) return;
        props(cluster.body).provisioningState = "Succeeded";
        setPower(cluster, code);
        if (code === "Running") cluster.internal.controlPlaneReadyAtMs = atMs;
        store.putResource(cluster);
        // Pools stopped on their own stay stopped through a cluster stop and start.
        for (const pool of poolsOf(store, cluster)) {
          if (pool.internal.stoppedOnItsOwn === true) {
            props(pool.body).provisioningState = "Succeeded";
            store.putResource(pool);
            continue;
          }
          setPower(pool, code);
          finishPool(store, pool, atMs, undefined, String(cluster.internal.vmssHash), code === "Running");
        }
      },
      fail: (op, { store }) => {
        const cluster = store.getResource(op.resourceKey);
        if (!cluster) return;
        setProvisioningState(store, [op.resourceKey, ...poolsOf(store, cluster).map((p) => p.id)], "Failed");
      },
    });
  }
}
