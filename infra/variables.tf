variable "subscription_id" {
  description = "Subscription the provisioner itself is deployed to."
  type        = string
  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", var.subscription_id))
    error_message = "subscription_id must be a subscription GUID."
  }
}

variable "default_subscription_id" {
  description = "AZURE_SUBSCRIPTION_ID: subscription a cluster request lands in when it names none; must lie in target_scopes."
  type        = string
  validation {
    condition     = can(regex("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$", var.default_subscription_id))
    error_message = "default_subscription_id must be a subscription GUID."
  }
}

variable "target_scopes" {
  description = "Scopes (/subscriptions/<id>, or a resource group under one) where the app gets Contributor and constrained RBAC Administrator; requests that create resource groups need a subscription scope."
  type        = list(string)
  validation {
    condition     = length(var.target_scopes) > 0 && alltrue([for s in var.target_scopes : can(regex("^/subscriptions/[0-9a-fA-F-]{36}(/resourceGroups/[-\\w.()]{1,90})?$", s))])
    error_message = "target_scopes must list at least one /subscriptions/<guid>[/resourceGroups/<name>] scope."
  }
}

variable "name" {
  description = "Base name for the provisioner's resources: 3–11 lower-case letters and digits (storage account names are short)."
  type        = string
  default     = "aksprov"
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,10}$", var.name))
    error_message = "name must be 3–11 lower-case letters and digits, starting with a letter."
  }
}

variable "location" {
  description = "Region of the provisioner itself (one that offers Flex Consumption)."
  type        = string
  default     = "westeurope"
  validation {
    condition     = can(regex("^[a-z0-9]+$", var.location))
    error_message = "location must be a region name such as westeurope."
  }
}

variable "servicebus_sku" {
  description = "Service Bus namespace SKU; Standard or Premium (topics need at least Standard)."
  type        = string
  default     = "Standard"
  validation {
    condition     = contains(["Standard", "Premium"], var.servicebus_sku)
    error_message = "servicebus_sku must be Standard or Premium."
  }
}

variable "maximum_instance_count" {
  description = "Most Flex Consumption instances the app scales out to (40–1000)."
  type        = number
  default     = 40
  validation {
    condition     = var.maximum_instance_count >= 40 && var.maximum_instance_count <= 1000
    error_message = "maximum_instance_count must be between 40 and 1000."
  }
}

variable "default_location" {
  description = "DEFAULT_LOCATION: region used when a cluster request names none; empty leaves it unset."
  type        = string
  default     = ""
  validation {
    condition     = can(regex("^[a-z0-9]*$", var.default_location))
    error_message = "default_location must be empty or a region name such as westeurope."
  }
}

variable "default_tags" {
  description = "DEFAULT_TAGS: tags added to every resource the provisioner creates."
  type        = map(string)
  default     = {}
  validation {
    condition     = alltrue([for v in values(var.default_tags) : length(v) <= 256])
    error_message = "default_tags values are at most 256 characters."
  }
}

variable "schedule_timer" {
  description = "SCHEDULE_TIMER: NCRONTAB (6 fields) of the timer that applies scale schedules."
  type        = string
  default     = "0 */5 * * * *"
  validation {
    condition     = length(split(" ", trimspace(var.schedule_timer))) == 6
    error_message = "schedule_timer must be an NCRONTAB expression with 6 fields."
  }
}

variable "schedule_grace_minutes" {
  description = "SCHEDULE_GRACE_MINUTES: how late a scheduled occurrence may still be applied; older ones are skipped."
  type        = number
  default     = 30
  validation {
    condition     = var.schedule_grace_minutes >= 0.01 && var.schedule_grace_minutes <= 1440
    error_message = "schedule_grace_minutes must be between 0.01 and 1440."
  }
}

variable "ttl_notice_hours" {
  description = "TTL_NOTICE_HOURS: how long before a cluster's TTL ends cluster.expiring is published."
  type        = number
  default     = 24
  validation {
    condition     = var.ttl_notice_hours >= 0 && var.ttl_notice_hours <= 720
    error_message = "ttl_notice_hours must be between 0 and 720."
  }
}

variable "provision_timeout_minutes" {
  description = "PROVISION_TIMEOUT_MINUTES: longest a provisioning may take before it is failed."
  type        = number
  default     = 90
  validation {
    condition     = var.provision_timeout_minutes >= 0.01 && var.provision_timeout_minutes <= 1440
    error_message = "provision_timeout_minutes must be between 0.01 and 1440."
  }
}

variable "poll_interval_seconds" {
  description = "POLL_INTERVAL_SECONDS: shortest wait between two polls of a long-running ARM operation."
  type        = number
  default     = 10
  validation {
    condition     = var.poll_interval_seconds >= 0.01 && var.poll_interval_seconds <= 300
    error_message = "poll_interval_seconds must be between 0.01 and 300."
  }
}

variable "max_node_pools" {
  description = "MAX_NODE_POOLS: most node pools one request may ask for."
  type        = number
  default     = 20
  validation {
    condition     = var.max_node_pools >= 1 && var.max_node_pools <= 100 && floor(var.max_node_pools) == var.max_node_pools
    error_message = "max_node_pools must be a whole number between 1 and 100."
  }
}

variable "arm_write_burst" {
  description = "ARM_WRITE_BURST: the app's ARM write budget per subscription (token bucket burst), below ARM's 200."
  type        = number
  default     = 150
  validation {
    condition     = var.arm_write_burst >= 1 && var.arm_write_burst <= 200 && floor(var.arm_write_burst) == var.arm_write_burst
    error_message = "arm_write_burst must be a whole number between 1 and 200."
  }
}

variable "arm_write_rate" {
  description = "ARM_WRITE_RATE: refill of the app's ARM write budget, writes per second, below ARM's 10."
  type        = number
  default     = 8
  validation {
    condition     = var.arm_write_rate >= 0.1 && var.arm_write_rate <= 10
    error_message = "arm_write_rate must be between 0.1 and 10."
  }
}

variable "approval_required_vm_sizes" {
  description = "APPROVAL_REQUIRED_VM_SIZES: VM size patterns (* wildcards) whose pools need an approval."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for p in var.approval_required_vm_sizes : can(regex("^[A-Za-z0-9_*]{1,69}$", p))])
    error_message = "approval_required_vm_sizes entries are VM size patterns such as Standard_NC*."
  }
}

variable "approval_required_sku_tiers" {
  description = "APPROVAL_REQUIRED_SKU_TIERS: AKS tiers (Free, Standard, Premium) that need an approval."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for t in var.approval_required_sku_tiers : contains(["Free", "Standard", "Premium"], t)])
    error_message = "approval_required_sku_tiers entries are Free, Standard or Premium."
  }
}

variable "approval_timeout_hours" {
  description = "APPROVAL_TIMEOUT_HOURS: hours an approval is waited for when the request names none."
  type        = number
  default     = 72
  validation {
    condition     = var.approval_timeout_hours >= 0.001 && var.approval_timeout_hours <= 720
    error_message = "approval_timeout_hours must be between 0.001 and 720."
  }
}

variable "retail_prices_endpoint" {
  description = "RETAIL_PRICES_ENDPOINT: the Azure Retail Prices API the cost estimate reads."
  type        = string
  default     = "https://prices.azure.com"
  validation {
    condition     = startswith(var.retail_prices_endpoint, "https://")
    error_message = "retail_prices_endpoint must be an https:// URL."
  }
}
