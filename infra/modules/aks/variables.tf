# One variable per part of a cluster request (docs/cluster-request.schema.json), in the request's own terms;
# `cli plan --terraform <request.json>` renders a request as these (cli/terraformVars.ts).

variable "request_id" {
  description = "Ticket number of the request; tagged on every resource."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", var.request_id))
    error_message = "request_id is 1–64 letters, digits, '.', '_' or '-'."
  }
}

variable "resource_group_name" {
  description = "Resource group for the cluster, VNet, registry and disks (created)."
  type        = string
}

variable "location" {
  description = "Region of every resource."
  type        = string
}

variable "tags" {
  description = "Tags for every resource, including aks-provisioner.request-id."
  type        = map(string)
  validation {
    condition     = contains(keys(var.tags), "aks-provisioner.request-id")
    error_message = "tags must include aks-provisioner.request-id."
  }
}

variable "cluster" {
  description = "The managed cluster: version, tier, network model and CIDRs, API server access, identity features; the production profile (src/request/README.md), each left out meaning off: entra_azure_rbac set turns managed Entra ID on, key_vault_secret_rotation set the Key Vault secrets provider, image_cleaner_interval_hours set Image Cleaner; maintenance_auto_upgrade and maintenance_node_os are the two windows (dates RFC 3339)."
  type = object({
    name                         = string
    dns_prefix                   = string
    node_resource_group          = string
    kubernetes_version           = optional(string)
    sku_tier                     = string
    network_plugin               = string
    network_plugin_mode          = optional(string)
    network_policy               = optional(string)
    network_data_plane           = optional(string)
    pod_cidr                     = optional(string)
    service_cidr                 = string
    dns_service_ip               = string
    outbound_type                = string
    load_balancer_sku            = string
    private_cluster              = bool
    authorized_ip_ranges         = optional(list(string))
    oidc_issuer                  = bool
    workload_identity            = bool
    local_account_disabled       = optional(bool, false)
    entra_azure_rbac             = optional(bool)
    entra_admin_group_object_ids = optional(list(string))
    entra_tenant_id              = optional(string)
    automatic_upgrade_channel    = optional(string)
    node_os_upgrade_channel      = optional(string)
    azure_policy                 = optional(bool, false)
    oms_agent_workspace_id       = optional(string)
    key_vault_secret_rotation    = optional(bool)
    key_vault_rotation_interval  = optional(string)
    defender_workspace_id        = optional(string)
    image_cleaner_interval_hours = optional(number)
    maintenance_auto_upgrade = optional(object({
      frequency    = string
      interval     = number
      duration     = number
      day_of_week  = optional(string)
      day_of_month = optional(number)
      week_index   = optional(string)
      start_time   = string
      utc_offset   = optional(string)
      start_date   = optional(string)
      not_allowed  = optional(list(object({ start = string, end = string })))
    }))
    maintenance_node_os = optional(object({
      frequency    = string
      interval     = number
      duration     = number
      day_of_week  = optional(string)
      day_of_month = optional(number)
      week_index   = optional(string)
      start_time   = string
      utc_offset   = optional(string)
      start_date   = optional(string)
      not_allowed  = optional(list(object({ start = string, end = string })))
    }))
  })
  validation {
    condition     = contains(["azure", "kubenet"], var.cluster.network_plugin)
    error_message = "cluster.network_plugin is azure or kubenet."
  }
}

variable "network" {
  description = "Node subnet: kind managed (AKS makes one), new (VNet + subnet created here) or existing (subnet_id)."
  type = object({
    kind             = string
    vnet_name        = optional(string)
    address_prefixes = optional(list(string))
    subnet_name      = optional(string)
    subnet_prefix    = optional(string)
    subnet_id        = optional(string)
  })
  validation {
    condition     = contains(["managed", "new", "existing"], var.network.kind)
    error_message = "network.kind is managed, new or existing."
  }
}

variable "registry" {
  description = "Container registry: kind none, new (name, SKU, geo-replicas) or existing (id); the kubelet gets AcrPull."
  type = object({
    kind         = string
    name         = optional(string)
    sku          = optional(string)
    geo_replicas = optional(list(string), [])
    id           = optional(string)
  })
  validation {
    condition     = contains(["none", "new", "existing"], var.registry.kind)
    error_message = "registry.kind is none, new or existing."
  }
}

variable "disks" {
  description = "Managed disks; the cluster identity gets Contributor on each so pods can attach them."
  type = list(object({
    name    = string
    size_gb = number
    sku     = string
  }))
  default = []
}

variable "node_pools" {
  description = "Node pools (VMSS); the first System pool is the cluster's default pool."
  type = list(object({
    name            = string
    mode            = string
    vm_size         = string
    node_count      = number
    autoscale_min   = optional(number)
    autoscale_max   = optional(number)
    zones           = optional(list(string))
    os_type         = string
    os_disk_size_gb = optional(number)
    os_disk_type    = optional(string)
    max_pods        = optional(number)
    labels          = optional(map(string), {})
    taints          = optional(list(string), [])
    spot            = bool
    spot_max_price  = optional(number)
  }))
  validation {
    condition     = length([for p in var.node_pools : p if p.mode == "System"]) >= 1
    error_message = "node_pools needs at least one System pool."
  }
}
