import { restorePoller as restoreCompute } from "@azure/arm-compute";
import { restorePoller as restoreRegistry } from "@azure/arm-containerregistry";
import { restorePoller as restoreAks } from "@azure/arm-containerservice";
import { restorePoller as restoreNetwork } from "@azure/arm-network";
import { restorePoller as restoreResources } from "@azure/arm-resources";
import type { AzureClients } from "../azure/clients.js";
import type { ArmWrite, ResourceTarget, TaggedWrite } from "../request/index.js";

/** What the activities need of an SDK poller (every modular SDK's `PollerLike` has it). */
export interface Poller {
  submitted(): Promise<void>;
  serialize(): Promise<string>;
  poll(): Promise<unknown>;
  readonly isDone: boolean;
}

/** The fields every kind's GET is read for. */
export interface ResourceView {
  tags?: Record<string, string>;
  provisioningState?: string;
}

/** How one kind of resource is read, written, deleted and resumed with its SDK client. */
interface KindBinding {
  get(c: AzureClients, t: ResourceTarget): Promise<ResourceView>;
  /** Long-running PUT; absent for synchronous kinds. */
  put?(c: AzureClients, w: TaggedWrite): Poller;
  restorePut?(c: AzureClients, serialized: string): Poller;
  /** Long-running DELETE, or a synchronous one (resolves when gone). */
  delete(c: AzureClients, t: ResourceTarget): Poller | Promise<unknown>;
  restoreDelete?(c: AzureClients, serialized: string): Poller;
  /** Long-running POST actions (a cluster's stop and start), resumed by name. */
  restoreAction?: Record<string, (c: AzureClients, serialized: string) => Poller>;
}

const parentOf = (t: ResourceTarget) => t.parent ?? "";

const bindings: Record<ArmWrite["kind"], KindBinding> = {
  resourceGroup: {
    get: async (c, t) => {
      const rg = await c.resources.resourceGroups.get(t.name);
      return { tags: rg.tags, provisioningState: rg.properties?.provisioningState };
    },
    delete: (c, t) => c.resources.resourceGroups.delete(t.name),
    restoreDelete: (c, s) => restoreResources(c.resources, s, c.resources.resourceGroups.delete),
  },
  virtualNetwork: {
    get: (c, t) => c.network.virtualNetworks.get(t.resourceGroup, t.name),
    put: (c, w) => c.network.virtualNetworks.createOrUpdate(w.resourceGroup, w.name, as(w, "virtualNetwork").body),
    restorePut: (c, s) => restoreNetwork(c.network, s, c.network.virtualNetworks.createOrUpdate),
    delete: (c, t) => c.network.virtualNetworks.delete(t.resourceGroup, t.name),
    restoreDelete: (c, s) => restoreNetwork(c.network, s, c.network.virtualNetworks.delete),
  },
  registry: {
    get: (c, t) => c.containerRegistry.registries.get(t.resourceGroup, t.name),
    put: (c, w) => c.containerRegistry.registries.create(w.resourceGroup, w.name, as(w, "registry").body),
    restorePut: (c, s) => restoreRegistry(c.containerRegistry, s, c.containerRegistry.registries.create),
    delete: (c, t) => c.containerRegistry.registries.delete(t.resourceGroup, t.name),
    restoreDelete: (c, s) => restoreRegistry(c.containerRegistry, s, c.containerRegistry.registries.delete),
  },
  replication: {
    get: (c, t) => c.containerRegistry.replications.get(t.resourceGroup, parentOf(t), t.name),
    put: (c, w) => {
      const r = as(w, "replication");
      return c.containerRegistry.replications.create(r.resourceGroup, r.registryName, r.name, r.body);
    },
    restorePut: (c, s) => restoreRegistry(c.containerRegistry, s, c.containerRegistry.replications.create),
    delete: (c, t) => c.containerRegistry.replications.delete(t.resourceGroup, parentOf(t), t.name),
    restoreDelete: (c, s) => restoreRegistry(c.containerRegistry, s, c.containerRegistry.replications.delete),
  },
  disk: {
    get: (c, t) => c.compute.disks.get(t.resourceGroup, t.name),
    put: (c, w) => c.compute.disks.createOrUpdate(w.resourceGroup, w.name, as(w, "disk").body),
    restorePut: (c, s) => restoreCompute(c.compute, s, c.compute.disks.createOrUpdate),
    delete: (c, t) => c.compute.disks.delete(t.resourceGroup, t.name),
    restoreDelete: (c, s) => restoreCompute(c.compute, s, c.compute.disks.delete),
  },
  managedCluster: {
    get: (c, t) => c.containerService.managedClusters.get(t.resourceGroup, t.name),
    put: (c, w) =>
      c.containerService.managedClusters.createOrUpdate(w.resourceGroup, w.name, as(w, "managedCluster").body),
    restorePut: (c, s) => restoreAks(c.containerService, s, c.containerService.managedClusters.createOrUpdate),
    delete: (c, t) => c.containerService.managedClusters.delete(t.resourceGroup, t.name),
    restoreDelete: (c, s) => restoreAks(c.containerService, s, c.containerService.managedClusters.delete),
    restoreAction: {
      stop: (c, s) => restoreAks(c.containerService, s, c.containerService.managedClusters.stop),
      start: (c, s) => restoreAks(c.containerService, s, c.containerService.managedClusters.start),
      // A pool's PUT or DELETE: the cluster is the target, the pool is in the serialized operation URL.
      poolPut: (c, s) => restoreAks(c.containerService, s, c.containerService.agentPools.createOrUpdate),
      poolDelete: (c, s) => restoreAks(c.containerService, s, c.containerService.agentPools.delete),
    },
  },
  maintenanceConfiguration: {
    // Synchronous PUTs (`maintenanceConfiguration.ts`); no tags: they go with their cluster.
    get: async (c, t) => {
      await c.containerService.maintenanceConfigurations.get(t.resourceGroup, parentOf(t), t.name);
      return {};
    },
    delete: (c, t) => c.containerService.maintenanceConfigurations.delete(t.resourceGroup, parentOf(t), t.name),
  },
  roleAssignment: {
    // Role assignments carry no tags: their deterministic name is what makes them this request's.
    get: async (c, t) => {
      await c.authorization.roleAssignments.get(t.scope ?? "", t.name);
      return {};
    },
    delete: (c, t) => c.authorization.roleAssignments.delete(t.scope ?? "", t.name),
  },
};

/** The SDK binding of a kind. */
export function bindingOf(kind: ArmWrite["kind"]): KindBinding {
  return bindings[kind];
}

function as<K extends TaggedWrite["kind"]>(w: TaggedWrite, kind: K): Extract<TaggedWrite, { kind: K }> {
  if (w.kind !== kind) throw new Error(`a ${w.kind} write was sent to the ${kind} binding`);
  return w as Extract<TaggedWrite, { kind: K }>;
}
