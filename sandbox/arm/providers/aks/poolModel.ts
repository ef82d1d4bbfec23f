import { type ArmStore, resourceKey, type StoredResource } from "../../store/armStore.js";
import { props, stored } from "../common.js";
import { POOL_TYPE } from "./clusterModel.js";
import type { PoolProperties } from "./validation.js";

/** The provisioningState a pool write starts in: Creating, Stopping, Starting, Scaling, Upgrading or Updating (AKS's values). */
export function poolStateFor(
  old: StoredResource | undefined,
  requested: PoolProperties,
  targetVersion: string,
  power?: "Running" | "Stopped",
): string {
  if (!old) return "Creating";
  if (power) return power === "Stopped" ? "Stopping" : "Starting";
  const before = props(old.body);
  if (before.count !== requested.count) return "Scaling";
  if (before.currentOrchestratorVersion !== targetVersion) return "Upgrading";
  return "Updating";
}

/**
 * The standalone agent-pool resource body (GET/PUT/list item shape of docs/specs/arm.md §4.5): the request as
 * sent plus AKS's fields. `powerState` changes only when a stop or start completes.
 */
export function poolBody(
  id: string,
  name: string,
  input: PoolProperties,
  state: string,
  targetVersion: string,
  old: StoredResource | undefined,
): StoredResource["body"] {
  const before = old ? props(old.body) : {};
  const { name: _name, powerState: _power, provisioningState: _state, ...properties } = input;
  return {
    id,
    name,
    type: POOL_TYPE,
    properties: {
      ...properties,
      provisioningState: state,
      powerState: before.powerState ?? { code: "Running" },
      orchestratorVersion: input.orchestratorVersion || targetVersion.split(".").slice(0, 2).join("."),
      currentOrchestratorVersion: before.currentOrchestratorVersion ?? targetVersion,
    },
  };
}

/**
 * Stores a pool write (from a cluster PUT or an agent-pool PUT) as the child record of `cluster`, in the
 * state it starts in; the pool keeps its sandbox-only state (nodes). Returns the stored record.
 */
export function writePool(
  store: ArmStore,
  cluster: StoredResource,
  name: string,
  requested: PoolProperties,
  targetVersion: string,
  power?: "Running" | "Stopped",
): StoredResource {
  const id = `${cluster.id}/agentPools/${name}`;
  const old = store.getResource(id);
  const record = stored({
    id,
    type: POOL_TYPE,
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    parentKey: resourceKey(cluster.id),
    body: poolBody(id, name, requested, poolStateFor(old, requested, targetVersion, power), targetVersion, old),
    internal: old?.internal ?? {},
  });
  store.putResource(record);
  return record;
}
