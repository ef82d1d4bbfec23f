variable "subscription_id" {
  description = "Subscription the provisioner itself is deployed to."
  type        = string
}

variable "target_subscription_ids" {
  description = "Subscriptions the provisioner may create clusters in (it gets Contributor and RBAC Administrator there)."
  type        = list(string)
}

variable "name" {
  description = "Base name for the provisioner's resources (letters and digits)."
  type        = string
  default     = "aksprov"
}

variable "location" {
  description = "Region of the provisioner itself."
  type        = string
  default     = "westeurope"
}

variable "default_location" {
  description = "DEFAULT_LOCATION: region used when a cluster request names none."
  type        = string
  default     = ""
}

variable "default_tags" {
  description = "DEFAULT_TAGS: tags added to every resource the provisioner creates."
  type        = map(string)
  default     = {}
}

variable "schedule_timer" {
  description = "SCHEDULE_TIMER: NCRONTAB of the timer that applies scale schedules."
  type        = string
  default     = "0 */5 * * * *"
}

variable "schedule_grace_minutes" {
  description = "SCHEDULE_GRACE_MINUTES: how late a scheduled occurrence may still be applied; older ones are skipped."
  type        = number
  default     = 30
}

variable "ttl_notice_hours" {
  description = "TTL_NOTICE_HOURS: how long before a cluster's TTL ends cluster.expiring is published."
  type        = number
  default     = 24
}

variable "provision_timeout_minutes" {
  description = "PROVISION_TIMEOUT_MINUTES"
  type        = number
  default     = 90
}

variable "poll_interval_seconds" {
  description = "POLL_INTERVAL_SECONDS"
  type        = number
  default     = 10
}

variable "max_node_pools" {
  description = "MAX_NODE_POOLS"
  type        = number
  default     = 20
}

variable "arm_write_burst" {
  description = "ARM_WRITE_BURST: the app's ARM write budget per subscription (token bucket burst), below ARM's 200"
  type        = number
  default     = 150
}

variable "arm_write_rate" {
  description = "ARM_WRITE_RATE: refill of the app's ARM write budget, writes per second, below ARM's 10"
  type        = number
  default     = 8
}

variable "approval_required_vm_sizes" {
  description = "APPROVAL_REQUIRED_VM_SIZES: VM size patterns (* wildcards) whose pools need an approval"
  type        = list(string)
  default     = []
}

variable "approval_required_sku_tiers" {
  description = "APPROVAL_REQUIRED_SKU_TIERS: AKS tiers (Free, Standard, Premium) that need an approval"
  type        = list(string)
  default     = []
}

variable "approval_timeout_hours" {
  description = "APPROVAL_TIMEOUT_HOURS"
  type        = number
  default     = 72
}

variable "retail_prices_endpoint" {
  description = "RETAIL_PRICES_ENDPOINT: the Azure Retail Prices API"
  type        = string
  default     = "https://prices.azure.com"
}
