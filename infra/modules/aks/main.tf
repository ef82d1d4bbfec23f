# The topology one cluster request produces (src/request/plan.ts), as plain Terraform: resource group →
# network ‖ registry ‖ disks → cluster with its pools → the same three role assignments.
locals {
  system_pools = [for p in var.node_pools : p if p.mode == "System"]
  default_pool = local.system_pools[0]
  extra_pools  = { for p in var.node_pools : p.name => p if p.name != local.default_pool.name }
  subnet_id = (
    var.network.kind == "new" ? azurerm_subnet.nodes[0].id :
    var.network.kind == "existing" ? var.network.subnet_id : null
  )
  registry_id = (
    var.registry.kind == "new" ? azurerm_container_registry.this[0].id :
    var.registry.kind == "existing" ? var.registry.id : null
  )
  # Pools that autoscale start at their count; AKS ignores node_count changes then (lifecycle below).
  autoscaled = { for p in var.node_pools : p.name => p.autoscale_max != null }
}

resource "azurerm_resource_group" "this" {
  name     = var.resource_group_name
  location = var.location
  tags     = var.tags
}

resource "azurerm_virtual_network" "this" {
  count               = var.network.kind == "new" ? 1 : 0
  name                = var.network.vnet_name
  resource_group_name = azurerm_resource_group.this.name
  location            = var.location
  address_space       = var.network.address_prefixes
  tags                = var.tags
}

resource "azurerm_subnet" "nodes" {
  count                = var.network.kind == "new" ? 1 : 0
  name                 = var.network.subnet_name
  resource_group_name  = azurerm_resource_group.this.name
  virtual_network_name = azurerm_virtual_network.this[0].name
  address_prefixes     = [var.network.subnet_prefix]
}

resource "azurerm_container_registry" "this" {
  count               = var.registry.kind == "new" ? 1 : 0
  name                = var.registry.name
  resource_group_name = azurerm_resource_group.this.name
  location            = var.location
  sku                 = var.registry.sku
  admin_enabled       = false # pulls go through the kubelet identity's AcrPull
  tags                = var.tags

  dynamic "georeplications" {
    for_each = var.registry.geo_replicas
    content {
      location = georeplications.value
      tags     = var.tags
    }
  }
}

resource "azurerm_managed_disk" "this" {
  for_each             = { for d in var.disks : d.name => d }
  name                 = each.key
  resource_group_name  = azurerm_resource_group.this.name
  location             = var.location
  storage_account_type = each.value.sku
  create_option        = "Empty"
  disk_size_gb         = each.value.size_gb
  tags                 = var.tags
}

resource "azurerm_kubernetes_cluster" "this" {
  name                      = var.cluster.name
  resource_group_name       = azurerm_resource_group.this.name
  location                  = var.location
  dns_prefix                = var.cluster.dns_prefix
  node_resource_group       = var.cluster.node_resource_group
  kubernetes_version        = var.cluster.kubernetes_version
  sku_tier                  = var.cluster.sku_tier
  private_cluster_enabled   = var.cluster.private_cluster
  oidc_issuer_enabled       = var.cluster.oidc_issuer
  workload_identity_enabled = var.cluster.workload_identity
  tags                      = var.tags

  local_account_disabled       = var.cluster.local_account_disabled
  automatic_upgrade_channel    = var.cluster.automatic_upgrade_channel
  node_os_upgrade_channel      = var.cluster.node_os_upgrade_channel
  azure_policy_enabled         = var.cluster.azure_policy
  image_cleaner_enabled        = var.cluster.image_cleaner_interval_hours != null
  image_cleaner_interval_hours = var.cluster.image_cleaner_interval_hours

  dynamic "azure_active_directory_role_based_access_control" {
    for_each = var.cluster.entra_azure_rbac == null ? [] : [var.cluster]
    content {
      azure_rbac_enabled     = azure_active_directory_role_based_access_control.value.entra_azure_rbac
      admin_group_object_ids = azure_active_directory_role_based_access_control.value.entra_admin_group_object_ids
      tenant_id              = azure_active_directory_role_based_access_control.value.entra_tenant_id
    }
  }

  dynamic "oms_agent" {
    for_each = var.cluster.oms_agent_workspace_id == null ? [] : [var.cluster.oms_agent_workspace_id]
    content {
      log_analytics_workspace_id      = oms_agent.value
      msi_auth_for_monitoring_enabled = true
    }
  }

  dynamic "key_vault_secrets_provider" {
    for_each = var.cluster.key_vault_secret_rotation == null ? [] : [var.cluster]
    content {
      secret_rotation_enabled  = key_vault_secrets_provider.value.key_vault_secret_rotation
      secret_rotation_interval = key_vault_secrets_provider.value.key_vault_rotation_interval
    }
  }

  dynamic "maintenance_window_auto_upgrade" {
    for_each = var.cluster.maintenance_auto_upgrade == null ? [] : [var.cluster.maintenance_auto_upgrade]
    content {
      frequency    = maintenance_window_auto_upgrade.value.frequency
      interval     = maintenance_window_auto_upgrade.value.interval
      duration     = maintenance_window_auto_upgrade.value.duration
      day_of_week  = maintenance_window_auto_upgrade.value.day_of_week
      day_of_month = maintenance_window_auto_upgrade.value.day_of_month
      week_index   = maintenance_window_auto_upgrade.value.week_index
      start_time   = maintenance_window_auto_upgrade.value.start_time
      utc_offset   = maintenance_window_auto_upgrade.value.utc_offset
      start_date   = maintenance_window_auto_upgrade.value.start_date
      dynamic "not_allowed" {
        for_each = maintenance_window_auto_upgrade.value.not_allowed == null ? [] : maintenance_window_auto_upgrade.value.not_allowed
        content {
          start = not_allowed.value.start
          end   = not_allowed.value.end
        }
      }
    }
  }

  dynamic "maintenance_window_node_os" {
    for_each = var.cluster.maintenance_node_os == null ? [] : [var.cluster.maintenance_node_os]
    content {
      frequency    = maintenance_window_node_os.value.frequency
      interval     = maintenance_window_node_os.value.interval
      duration     = maintenance_window_node_os.value.duration
      day_of_week  = maintenance_window_node_os.value.day_of_week
      day_of_month = maintenance_window_node_os.value.day_of_month
      week_index   = maintenance_window_node_os.value.week_index
      start_time   = maintenance_window_node_os.value.start_time
      utc_offset   = maintenance_window_node_os.value.utc_offset
      start_date   = maintenance_window_node_os.value.start_date
      dynamic "not_allowed" {
        for_each = maintenance_window_node_os.value.not_allowed == null ? [] : maintenance_window_node_os.value.not_allowed
        content {
          start = not_allowed.value.start
          end   = not_allowed.value.end
        }
      }
    }
  }

  dynamic "microsoft_defender" {
    for_each = var.cluster.defender_workspace_id == null ? [] : [var.cluster.defender_workspace_id]
    content {
      log_analytics_workspace_id = microsoft_defender.value
    }
  }

  default_node_pool {
    name                 = local.default_pool.name
    vm_size              = local.default_pool.vm_size
    node_count           = local.default_pool.node_count
    auto_scaling_enabled = local.autoscaled[local.default_pool.name]
    min_count            = local.default_pool.autoscale_min
    max_count            = local.default_pool.autoscale_max
    zones                = local.default_pool.zones
    os_disk_size_gb      = local.default_pool.os_disk_size_gb
    os_disk_type         = local.default_pool.os_disk_type
    max_pods             = local.default_pool.max_pods
    node_labels          = local.default_pool.labels
    vnet_subnet_id       = local.subnet_id
    # AKS allows only CriticalAddonsOnly taints on the default pool; other taints belong on extra pools.
    only_critical_addons_enabled = contains(local.default_pool.taints, "CriticalAddonsOnly=true:NoSchedule")
    tags                         = var.tags
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin      = var.cluster.network_plugin
    network_plugin_mode = var.cluster.network_plugin_mode
    network_policy      = var.cluster.network_policy
    network_data_plane  = var.cluster.network_data_plane
    pod_cidr            = var.cluster.pod_cidr
    service_cidr        = var.cluster.service_cidr
    dns_service_ip      = var.cluster.dns_service_ip
    outbound_type       = var.cluster.outbound_type
    load_balancer_sku   = var.cluster.load_balancer_sku
  }

  dynamic "api_server_access_profile" {
    for_each = var.cluster.authorized_ip_ranges == null ? [] : [var.cluster.authorized_ip_ranges]
    content {
      authorized_ip_ranges = api_server_access_profile.value
    }
  }

  lifecycle {
    ignore_changes = [default_node_pool[0].node_count] # schedules and the autoscaler move it
    # azurerm 4 takes no node_taints on the default pool: refuse a taint it would silently drop.
    precondition {
      condition     = alltrue([for t in local.default_pool.taints : t == "CriticalAddonsOnly=true:NoSchedule"])
      error_message = "The first System pool may carry only the CriticalAddonsOnly=true:NoSchedule taint here (azurerm 4 has no node_taints on the default pool); put other taints on another pool."
    }
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "this" {
  for_each              = local.extra_pools
  name                  = each.key
  kubernetes_cluster_id = azurerm_kubernetes_cluster.this.id
  mode                  = each.value.mode
  vm_size               = each.value.vm_size
  node_count            = each.value.node_count
  auto_scaling_enabled  = local.autoscaled[each.key]
  min_count             = each.value.autoscale_min
  max_count             = each.value.autoscale_max
  zones                 = each.value.zones
  os_type               = each.value.os_type
  os_disk_size_gb       = each.value.os_disk_size_gb
  os_disk_type          = each.value.os_disk_type
  max_pods              = each.value.max_pods
  node_labels           = each.value.labels
  node_taints           = each.value.taints
  vnet_subnet_id        = local.subnet_id
  priority              = each.value.spot ? "Spot" : "Regular"
  eviction_policy       = each.value.spot ? "Delete" : null
  spot_max_price        = each.value.spot ? coalesce(each.value.spot_max_price, -1) : null
  tags                  = var.tags

  lifecycle {
    ignore_changes = [node_count]
  }
}

# The plan's three role assignments (src/request/roles.ts): kubelet AcrPull on the registry, cluster identity
# Network Contributor on the node subnet and Contributor on each disk (infra/README.md explains the disk role).
resource "azurerm_role_assignment" "acr_pull" {
  count                = var.registry.kind == "none" ? 0 : 1
  scope                = local.registry_id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id
}

resource "azurerm_role_assignment" "subnet" {
  count                = var.network.kind == "managed" ? 0 : 1
  scope                = local.subnet_id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.this.identity[0].principal_id
}

resource "azurerm_role_assignment" "disk" {
  for_each             = azurerm_managed_disk.this
  scope                = each.value.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_kubernetes_cluster.this.identity[0].principal_id
}
