import type { ManagedCluster, ManagedClusterAgentPoolProfile } from "@azure/arm-containerservice";
import {
  type ClusterRequest,
  MAINTENANCE_CONFIGURATIONS,
  type MaintenanceConfigurationWrite,
  type ProvisioningPlan,
  writeOf,
  writesOf,
} from "../src/request/index.js";

/**
 * A cluster request as the variables of `infra/modules/aks` (names and types as in its variables.tf). Read off
 * the plan the provisioner itself would run, so the module and the service apply the same defaults (pool counts,
 * max pods, network plugin mode, names); only what the plan has no body for (network kind, disks) comes from
 * the request.
 */
export interface AksModuleVars {
  request_id: string;
  resource_group_name: string;
  location: string;
  tags: Record<string, string>;
  cluster: Record<string, string | number | boolean | string[] | MaintenanceWindowVars>;
  network: Record<string, string | string[]>;
  registry: Record<string, string | string[]>;
  disks: { name: string; size_gb: number; sku: string }[];
  node_pools: Record<string, string | number | boolean | string[] | Record<string, string>>[];
}

/** A maintenance window as azurerm's `maintenance_window_auto_upgrade` / `maintenance_window_node_os` blocks take it. */
export interface MaintenanceWindowVars {
  frequency: "Weekly" | "AbsoluteMonthly" | "RelativeMonthly";
  interval: number;
  duration: number;
  day_of_week?: string;
  day_of_month?: number;
  week_index?: string;
  start_time: string;
  utc_offset?: string;
  start_date?: string;
  not_allowed?: { start: string; end: string }[];
}

/** Renders a validated request and its plan as the module's variables (`cli plan --terraform`). */
export function terraformVars(request: ClusterRequest, planned: ProvisioningPlan): AksModuleVars {
  const body = clusterBody(planned);
  return {
    request_id: planned.requestId,
    resource_group_name: planned.resourceGroup,
    location: planned.location,
    tags: planned.tags,
    cluster: { ...clusterVars(body, planned), ...maintenanceVars(planned) },
    network: networkVars(request, planned),
    registry: registryVars(request),
    disks: request.disks.map((d) => ({ name: d.name, size_gb: d.sizeGb, sku: d.sku })),
    node_pools: (body.agentPoolProfiles ?? []).map(poolVars),
  };
}

function clusterBody(planned: ProvisioningPlan): ManagedCluster {
  const write = writeOf(planned, "managedCluster");
  if (!write) throw new Error("the plan has no managed cluster write");
  return write.body;
}

function clusterVars(body: ManagedCluster, planned: ProvisioningPlan): AksModuleVars["cluster"] {
  const net = body.networkProfile ?? {};
  const access = body.apiServerAccessProfile ?? {};
  return defined({
    name: planned.clusterName,
    dns_prefix: planned.dnsPrefix,
    node_resource_group: planned.nodeResourceGroup,
    kubernetes_version: body.kubernetesVersion,
    sku_tier: body.sku?.tier ?? "Free",
    network_plugin: net.networkPlugin ?? "azure",
    network_plugin_mode: net.networkPluginMode,
    network_policy: net.networkPolicy === "none" ? undefined : net.networkPolicy,
    network_data_plane: net.networkDataplane,
    pod_cidr: net.podCidr,
    service_cidr: net.serviceCidr as string,
    dns_service_ip: net.dnsServiceIP as string,
    outbound_type: net.outboundType ?? "loadBalancer",
    load_balancer_sku: net.loadBalancerSku ?? "standard",
    private_cluster: access.enablePrivateCluster ?? false,
    authorized_ip_ranges: access.authorizedIPRanges,
    oidc_issuer: body.oidcIssuerProfile?.enabled ?? false,
    workload_identity: body.securityProfile?.workloadIdentity?.enabled ?? false,
    ...productionVars(body),
  });
}

// The production profile as azurerm 4 names it (the maintenance windows: maintenanceVars).
function productionVars(body: ManagedCluster) {
  const aad = body.aadProfile;
  const addons = body.addonProfiles ?? {};
  const vault = addons.azureKeyvaultSecretsProvider?.config;
  const upgrade = body.autoUpgradeProfile;
  return {
    local_account_disabled: body.disableLocalAccounts,
    entra_azure_rbac: aad?.managed ? (aad.enableAzureRbac ?? false) : undefined,
    entra_admin_group_object_ids: aad?.adminGroupObjectIDs,
    entra_tenant_id: aad?.tenantID,
    automatic_upgrade_channel: upgrade?.upgradeChannel === "none" ? undefined : upgrade?.upgradeChannel,
    node_os_upgrade_channel: upgrade?.nodeOSUpgradeChannel,
    azure_policy: addons.azurepolicy?.enabled,
    oms_agent_workspace_id: addons.omsagent?.config?.logAnalyticsWorkspaceResourceID,
    key_vault_secret_rotation: vault ? vault.enableSecretRotation === "true" : undefined,
    key_vault_rotation_interval: vault?.rotationPollInterval,
    defender_workspace_id: body.securityProfile?.defender?.logAnalyticsWorkspaceResourceId,
    image_cleaner_interval_hours: body.securityProfile?.imageCleaner?.intervalHours,
  };
}

// The plan's maintenance configurations, as the cluster's two window blocks (azurerm dates are RFC 3339).
function maintenanceVars(planned: ProvisioningPlan) {
  const window = (name: string) => {
    const write = writesOf(planned).find(
      (w): w is MaintenanceConfigurationWrite => w.kind === "maintenanceConfiguration" && w.name === name,
    );
    return write ? windowVars(write) : undefined;
  };
  return defined({
    maintenance_auto_upgrade: window(MAINTENANCE_CONFIGURATIONS.autoUpgrade),
    maintenance_node_os: window(MAINTENANCE_CONFIGURATIONS.nodeOSUpgrade),
  });
}

function windowVars(write: MaintenanceConfigurationWrite): MaintenanceWindowVars {
  const w = write.body.maintenanceWindow;
  const { weekly, absoluteMonthly, relativeMonthly } = w.schedule;
  const midnight = (day: string) => `${day}T00:00:00Z`;
  return defined({
    frequency: weekly ? "Weekly" : absoluteMonthly ? "AbsoluteMonthly" : "RelativeMonthly",
    interval: weekly?.intervalWeeks ?? absoluteMonthly?.intervalMonths ?? relativeMonthly?.intervalMonths ?? 1,
    duration: w.durationHours,
    day_of_week: weekly?.dayOfWeek ?? relativeMonthly?.dayOfWeek,
    day_of_month: absoluteMonthly?.dayOfMonth,
    week_index: relativeMonthly?.weekIndex,
    start_time: w.startTime,
    utc_offset: w.utcOffset,
    start_date: w.startDate ? midnight(w.startDate) : undefined,
    not_allowed: w.notAllowedDates?.map((d) => ({ start: midnight(d.start), end: midnight(d.end) })),
  }) as MaintenanceWindowVars;
}

function networkVars(request: ClusterRequest, planned: ProvisioningPlan): AksModuleVars["network"] {
  const { network } = request;
  if (network.kind === "new") {
    return {
      kind: "new",
      vnet_name: writeOf(planned, "virtualNetwork")?.name ?? "",
      address_prefixes: network.addressPrefixes,
      subnet_name: network.subnetName,
      subnet_prefix: network.subnetPrefix,
    };
  }
  return network.kind === "existing" ? { kind: "existing", subnet_id: network.subnetId } : { kind: "managed" };
}

function registryVars(request: ClusterRequest): AksModuleVars["registry"] {
  const { registry } = request;
  if (registry.kind === "new")
    return { kind: "new", name: registry.name, sku: registry.sku, geo_replicas: registry.geoReplicas };
  return registry.kind === "existing" ? { kind: "existing", id: registry.id } : { kind: "none" };
}

function poolVars(pool: ManagedClusterAgentPoolProfile): AksModuleVars["node_pools"][number] {
  const spot = pool.scaleSetPriority === "Spot";
  return defined({
    name: pool.name,
    mode: pool.mode ?? "User",
    vm_size: pool.vmSize as string,
    node_count: pool.count ?? 0,
    autoscale_min: pool.enableAutoScaling ? pool.minCount : undefined,
    autoscale_max: pool.enableAutoScaling ? pool.maxCount : undefined,
    zones: pool.availabilityZones,
    os_type: pool.osType ?? "Linux",
    os_disk_size_gb: pool.osDiskSizeGB,
    os_disk_type: pool.osDiskType,
    max_pods: pool.maxPods,
    labels: pool.nodeLabels ?? {},
    taints: pool.nodeTaints ?? [],
    spot,
    spot_max_price: spot ? pool.spotMaxPrice : undefined,
  });
}

// Terraform's optional() attributes: an absent key takes the module's default, so undefined is left out.
function defined<T extends Record<string, unknown>>(record: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
