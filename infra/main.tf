locals {
  suffix         = substr(sha1("${var.subscription_id}/${var.name}"), 0, 6)
  requests_queue = "cluster-requests"
  events_topic   = "cluster-events"
  cluster_table  = "clusters"
  task_hub_name  = "aksprovisioner"
  # Subscriptions of the events topic; `failures` also gets the two rules below.
  event_subscriptions = {
    ticket-system = { lock_duration = "PT1M", max_delivery_count = 10, dead_lettering_on_message_expiration = true }
    audit         = { lock_duration = "PT1M", max_delivery_count = 10, dead_lettering_on_message_expiration = false }
    failures      = { lock_duration = "PT1M", max_delivery_count = 10, dead_lettering_on_message_expiration = false }
  }
}

resource "azurerm_resource_group" "this" {
  name     = "rg-${var.name}"
  location = var.location
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "log-${var.name}-${local.suffix}"
  resource_group_name = azurerm_resource_group.this.name
  location            = var.location
  retention_in_days   = 30
}

resource "azurerm_application_insights" "this" {
  name                = "appi-${var.name}-${local.suffix}"
  resource_group_name = azurerm_resource_group.this.name
  location            = var.location
  workspace_id        = azurerm_log_analytics_workspace.this.id
  application_type    = "Node.JS"
}

# Host storage, Durable Functions state and the cluster registry table; identity-only (no shared keys).
resource "azurerm_storage_account" "this" {
  name                            = "st${var.name}${local.suffix}"
  resource_group_name             = azurerm_resource_group.this.name
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = "TLS1_2"
  shared_access_key_enabled       = false
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_container" "deployments" {
  name               = "deployments"
  storage_account_id = azurerm_storage_account.this.id
}

resource "azurerm_servicebus_namespace" "this" {
  name                = "sb-${var.name}-${local.suffix}"
  resource_group_name = azurerm_resource_group.this.name
  location            = var.location
  sku                 = var.servicebus_sku
  local_auth_enabled  = false # identity only: no SAS keys exist to leak
}

# Entities and properties as sandbox/servicebus/config.json declares them (test/unit/infra/broker.test.ts).
resource "azurerm_servicebus_queue" "requests" {
  name                                    = local.requests_queue
  namespace_id                            = azurerm_servicebus_namespace.this.id
  lock_duration                           = "PT1M"
  max_delivery_count                      = 5
  default_message_ttl                     = "P14D"
  requires_duplicate_detection            = true
  requires_session                        = false
  duplicate_detection_history_time_window = "PT1H"
  dead_lettering_on_message_expiration    = true
}

resource "azurerm_servicebus_topic" "events" {
  name                                    = local.events_topic
  namespace_id                            = azurerm_servicebus_namespace.this.id
  default_message_ttl                     = "P14D"
  requires_duplicate_detection            = true
  duplicate_detection_history_time_window = "PT1H"
}

resource "azurerm_servicebus_subscription" "events" {
  for_each                             = local.event_subscriptions
  name                                 = each.key
  topic_id                             = azurerm_servicebus_topic.events.id
  lock_duration                        = each.value.lock_duration
  max_delivery_count                   = each.value.max_delivery_count
  dead_lettering_on_message_expiration = each.value.dead_lettering_on_message_expiration
}

resource "azurerm_servicebus_subscription_rule" "failures_provisioning_failed" {
  name            = "provisioning-failed"
  subscription_id = azurerm_servicebus_subscription.events["failures"].id
  filter_type     = "CorrelationFilter"
  correlation_filter {
    properties = {
      eventType = "cluster.provisioning.failed"
    }
  }
}

resource "azurerm_servicebus_subscription_rule" "failures_request_rejected" {
  name            = "request-rejected"
  subscription_id = azurerm_servicebus_subscription.events["failures"].id
  filter_type     = "SqlFilter"
  sql_filter      = "eventType = 'cluster.request.rejected'"
}

# Azure gives every new subscription a `$Default` rule (TrueFilter) that azurerm cannot manage; left in place
# it would pass every event to `failures`. Deleted once the two filters exist (infra/README.md, "Service Bus").
resource "azapi_resource_action" "failures_drop_default_rule" {
  type        = "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2021-11-01"
  resource_id = "${azurerm_servicebus_subscription.events["failures"].id}/rules/$Default"
  method      = "DELETE"
  depends_on = [
    azurerm_servicebus_subscription_rule.failures_provisioning_failed,
    azurerm_servicebus_subscription_rule.failures_request_rejected,
  ]
}

resource "azurerm_service_plan" "this" {
  name                = "asp-${var.name}-${local.suffix}"
  resource_group_name = azurerm_resource_group.this.name
  location            = var.location
  os_type             = "Linux"
  sku_name            = "FC1"
}

resource "azurerm_function_app_flex_consumption" "this" {
  name                        = "func-${var.name}-${local.suffix}"
  resource_group_name         = azurerm_resource_group.this.name
  location                    = var.location
  service_plan_id             = azurerm_service_plan.this.id
  storage_container_type      = "blobContainer"
  storage_container_endpoint  = "${azurerm_storage_account.this.primary_blob_endpoint}${azurerm_storage_container.deployments.name}"
  storage_authentication_type = "SystemAssignedIdentity"
  runtime_name                = "node"
  runtime_version             = "22"
  maximum_instance_count      = var.maximum_instance_count
  instance_memory_in_mb       = 2048
  https_only                  = true

  identity {
    type = "SystemAssigned"
  }

  site_config {
    application_insights_connection_string = azurerm_application_insights.this.connection_string
  }

  # Spelled exactly as src/config.ts and local.settings.example.json spell them.
  app_settings = {
    AzureWebJobsStorage__accountName              = azurerm_storage_account.this.name
    AzureWebJobsStorage__tableServiceUri          = azurerm_storage_account.this.primary_table_endpoint
    DURABLE_TASK_HUB_NAME                         = local.task_hub_name
    ARM_ENDPOINT                                  = "https://management.azure.com"
    ARM_AUDIENCE                                  = "https://management.azure.com"
    AZURE_SUBSCRIPTION_ID                         = var.default_subscription_id
    ServiceBusConnection__fullyQualifiedNamespace = "${azurerm_servicebus_namespace.this.name}.servicebus.windows.net"
    REQUESTS_QUEUE_NAME                           = local.requests_queue
    EVENTS_TOPIC_NAME                             = local.events_topic
    CLUSTER_TABLE_NAME                            = local.cluster_table
    SCHEDULE_TIMER                                = var.schedule_timer
    SCHEDULE_GRACE_MINUTES                        = tostring(var.schedule_grace_minutes)
    TTL_NOTICE_HOURS                              = tostring(var.ttl_notice_hours)
    DEFAULT_LOCATION                              = var.default_location
    DEFAULT_TAGS                                  = jsonencode(var.default_tags)
    PROVISION_TIMEOUT_MINUTES                     = tostring(var.provision_timeout_minutes)
    POLL_INTERVAL_SECONDS                         = tostring(var.poll_interval_seconds)
    MAX_NODE_POOLS                                = tostring(var.max_node_pools)
    ARM_WRITE_BURST                               = tostring(var.arm_write_burst)
    ARM_WRITE_RATE                                = tostring(var.arm_write_rate)
    APPROVAL_REQUIRED_VM_SIZES                    = join(",", var.approval_required_vm_sizes)
    APPROVAL_REQUIRED_SKU_TIERS                   = join(",", var.approval_required_sku_tiers)
    APPROVAL_TIMEOUT_HOURS                        = tostring(var.approval_timeout_hours)
    RETAIL_PRICES_ENDPOINT                        = var.retail_prices_endpoint
  }
}
