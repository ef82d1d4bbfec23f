import type { StoredResource } from "../../store/armStore.js";
import { props } from "../common.js";
import { POOL_TYPE } from "./clusterModel.js";
import type { PoolProperties } from "./validation.js";

/** The provisioningState a pool write starts in: Creating, Scaling, Upgrading or Updating (AKS's values). */
export function poolStateFor(
  old: StoredResource | undefined,
  requested: PoolProperties,
  targetVersion: string,
): string {
  if (!old) return "Creating";
  const before = props(old.body);
  if (before.count !== requested.count) return "Scaling";
  if (before.currentOrchestratorVersion !== targetVersion) return "Upgrading";
  return "Updating";
}

/** The standalone agent-pool resource body (GET/PUT/list item shape of spec §4). */
export function poolBody(
  id: string,
  name: string,
  input: PoolProperties,
  state: string,
  targetVersion: string,
  old: StoredResource | undefined,
): StoredResource["body"] {
  const before = old ? props(old.body) : {};
  const { name: _name, ...properties } = input;
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
